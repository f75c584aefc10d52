import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Recall, useRecalls } from '../../api/genealogy';
import {
  REPORT_KINDS,
  REPORT_PERMISSION,
  type ReportFormat,
  type ReportKind,
  type ReportLanguage,
  type ReportOptions,
  type ReportRequest,
  type ReportShift,
  useDownloadReport,
  useReportOptions,
} from '../../api/reports';
import { useCan } from '../../auth/session';
import { FormError } from '../../components/FormError';
import { QueryView } from '../../components/QueryView';

/** /reports — pick a report, its day, shift, line or lot, its format and language, and download it. */
export function ReportsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const options = useReportOptions();
  const kinds = REPORT_KINDS.filter((kind) => can(REPORT_PERMISSION[kind]));
  return (
    <div className="page" data-testid="reports-page">
      <header className="page-header">
        <p className="page-header__eyebrow">{t('reports:page.eyebrow')}</p>
        <h1>{t('reports:page.title')}</h1>
      </header>
      <p className="muted small">{t('reports:page.intro')}</p>
      {kinds.length === 0 ? (
        <p className="muted" data-testid="no-reports">
          {t('reports:page.noReports')}
        </p>
      ) : (
        <QueryView query={options} what={t('reports:page.loadingOptions')}>
          {(data) => <ReportForm options={data} kinds={kinds} />}
        </QueryView>
      )}
    </div>
  );
}

/** The shifts the chosen lines' calendars have, each once, in calendar order. */
function shiftsOf(options: ReportOptions, line: string): ReportShift[] {
  const lines = line ? options.lines.filter((l) => l.code === line) : options.lines;
  const seen = new Map<string, ReportShift>();
  for (const l of lines) for (const s of l.shifts) if (!seen.has(s.code)) seen.set(s.code, s);
  return [...seen.values()];
}

interface ReportFormProps {
  options: ReportOptions;
  /** The reports the user may have, in order. */
  kinds: readonly ReportKind[];
}

function ReportForm({ options, kinds }: ReportFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const download = useDownloadReport();
  const [kind, setKind] = useState<ReportKind>(kinds[0] ?? 'shift');
  const [date, setDate] = useState(options.today);
  const [line, setLine] = useState('');
  const [shift, setShift] = useState(shiftsOf(options, '')[0]?.code ?? '');
  const [lot, setLot] = useState('');
  const [recall, setRecall] = useState('');
  const [format, setFormat] = useState<ReportFormat>('pdf');
  const [language, setLanguage] = useState<ReportLanguage | ''>('');
  const [problem, setProblem] = useState<string>();
  const [saved, setSaved] = useState<string>();

  const shifts = shiftsOf(options, line);
  const byDay = kind === 'shift' || kind === 'daily';
  const formats: readonly ReportFormat[] = kind === 'certificate' ? ['pdf'] : options.formats;

  function chooseLine(code: string) {
    setLine(code);
    // Keep the shift if the line works it too; else the line's first.
    const available = shiftsOf(options, code);
    if (!available.some((s) => s.code === shift)) setShift(available[0]?.code ?? '');
  }

  function request(): ReportRequest | string {
    const asked = language ? { language } : {};
    const onLine = line ? { line } : {};
    switch (kind) {
      case 'shift':
        if (!date) return t('reports:validation.date');
        if (!shift) return t('reports:validation.shift');
        return { kind, date, shift, format, ...onLine, ...asked };
      case 'daily':
        if (!date) return t('reports:validation.date');
        return { kind, date, format, ...onLine, ...asked };
      case 'certificate':
        if (!lot.trim()) return t('reports:validation.lot');
        return { kind, lot: lot.trim(), ...asked };
      case 'recall':
        if (!recall) return t('reports:validation.recall');
        return { kind, recall, format, ...asked };
      default: {
        const unknown: never = kind;
        return unknown;
      }
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(undefined);
    const asked = request();
    if (typeof asked === 'string') {
      setProblem(asked);
      return;
    }
    setProblem(undefined);
    download.mutate(asked, { onSuccess: (name) => setSaved(name) });
  }

  return (
    <form
      className="form panel"
      onSubmit={onSubmit}
      aria-labelledby={`${id}-title`}
      data-testid="report-form"
      noValidate
    >
      <h2 id={`${id}-title`}>{t('reports:form.title')}</h2>
      <div className="form-row">
        <div className="form-field form-field--grow">
          <label htmlFor={`${id}-kind`}>{t('reports:form.report')}</label>
          <select
            id={`${id}-kind`}
            value={kind}
            data-testid="report-kind"
            aria-describedby={`${id}-kind-hint`}
            onChange={(e) => {
              const next = e.target.value as ReportKind;
              setKind(next);
              if (next === 'certificate') setFormat('pdf');
            }}
          >
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`reports:kind.${k}`)}
              </option>
            ))}
          </select>
          <p id={`${id}-kind-hint`} className="form-field__hint">
            {t(`reports:kindHint.${kind}`)}
          </p>
        </div>
      </div>

      {byDay && (
        <div className="form-row">
          <div className="form-field">
            <label htmlFor={`${id}-date`}>{t('reports:form.date')}</label>
            <input
              id={`${id}-date`}
              type="date"
              value={date}
              max={options.today}
              data-testid="report-date"
              onChange={(e) => setDate(e.target.value)}
            />
          </div>
          {kind === 'shift' && (
            <div className="form-field">
              <label htmlFor={`${id}-shift`}>{t('reports:form.shift')}</label>
              <select
                id={`${id}-shift`}
                value={shift}
                data-testid="report-shift"
                onChange={(e) => setShift(e.target.value)}
              >
                {shifts.map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.code} — {s.name} ({s.start}–{s.end})
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="form-field">
            <label htmlFor={`${id}-line`}>{t('reports:form.line')}</label>
            <select
              id={`${id}-line`}
              value={line}
              data-testid="report-line"
              onChange={(e) => chooseLine(e.target.value)}
            >
              <option value="">{t('reports:form.allLines')}</option>
              {options.lines.map((l) => (
                <option key={l.code} value={l.code}>
                  {l.code} — {l.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}

      {kind === 'certificate' && (
        <div className="form-row">
          <div className="form-field form-field--grow">
            <label htmlFor={`${id}-lot`}>{t('reports:form.lot')}</label>
            <input
              id={`${id}-lot`}
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={lot}
              placeholder={t('reports:form.lotPlaceholder')}
              aria-describedby={`${id}-lot-hint`}
              data-testid="report-lot"
              onChange={(e) => setLot(e.target.value)}
            />
            <p id={`${id}-lot-hint`} className="form-field__hint">
              {t('reports:form.lotHint')}
            </p>
          </div>
        </div>
      )}

      {kind === 'recall' && <RecallField id={`${id}-recall`} value={recall} onChange={setRecall} />}

      <div className="form-row">
        <div className="form-field">
          <label htmlFor={`${id}-format`}>{t('reports:form.format')}</label>
          <select
            id={`${id}-format`}
            value={format}
            data-testid="report-format"
            onChange={(e) => setFormat(e.target.value as ReportFormat)}
          >
            {formats.map((f) => (
              <option key={f} value={f}>
                {t(`reports:format.${f}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-language`}>{t('reports:form.language')}</label>
          <select
            id={`${id}-language`}
            value={language}
            data-testid="report-language"
            onChange={(e) => setLanguage(e.target.value as ReportLanguage | '')}
          >
            <option value="">{t('reports:language.mine')}</option>
            {options.languages.map((l) => (
              <option key={l} value={l}>
                {t(`reports:language.${l}`)}
              </option>
            ))}
          </select>
        </div>
      </div>

      {problem && (
        <p className="form-error" role="alert" data-testid="report-problem">
          {problem}
        </p>
      )}
      <FormError error={download.error} testId="report-error" />
      {saved && !download.isPending && (
        <p className="form-notice form-notice--ok" role="status" data-testid="report-saved">
          {t('reports:form.saved', { file: saved })}
        </p>
      )}
      <div className="form__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={download.isPending}
          data-testid="report-download"
        >
          {download.isPending ? t('reports:form.generating') : t('common:actions.download')}
        </button>
      </div>
    </form>
  );
}

interface RecallFieldProps {
  id: string;
  value: string;
  onChange: (recall: string) => void;
}

/** The recalls to choose from, newest first. */
function RecallField({ id, value, onChange }: RecallFieldProps) {
  const { t } = useTranslation();
  const recalls = useRecalls();
  return (
    <div className="form-row">
      <div className="form-field form-field--grow">
        <label htmlFor={id}>{t('reports:form.recall')}</label>
        <QueryView query={recalls} what={t('reports:form.loadingRecalls')}>
          {(data: Recall[]) =>
            data.length === 0 ? (
              <p className="muted" data-testid="report-no-recalls">
                {t('reports:form.noRecalls')}
              </p>
            ) : (
              <select
                id={id}
                value={value}
                data-testid="report-recall"
                onChange={(e) => onChange(e.target.value)}
              >
                <option value="">{t('reports:form.chooseRecall')}</option>
                {data.map((r) => (
                  <option key={r.number} value={r.number}>
                    {r.number} — {r.report.suspectLot}
                  </option>
                ))}
              </select>
            )
          }
        </QueryView>
      </div>
    </div>
  );
}
