import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { type Lot, type TraceDirection, useLot } from '../../api/genealogy';
import { useCan } from '../../auth/session';
import { QueryView } from '../../components/QueryView';
import { LotFacts, MassBalancePanel } from './LotFacts';
import { LotStatusBadge } from './LotStatusBadge';
import { RecallDialog } from './RecallDialog';
import { TraceSection } from './TraceSection';

/** /lots/:lot — one lot: where it came from, its mass balance, its genealogy, and recall. */
export function LotPage() {
  const { t } = useTranslation();
  const { lot = '' } = useParams();
  const query = useLot(lot);
  return (
    <div className="page" data-testid="lot-page">
      <nav className="breadcrumbs" aria-label={t('lots:breadcrumb')}>
        <ol>
          <li>
            <Link to="/lots">{t('lots:list.title')}</Link>
          </li>
          <li aria-current="page">{query.data?.number ?? lot}</li>
        </ol>
      </nav>
      <QueryView query={query} what={t('lots:lot.loading')}>
        {(data) => <LotDetail key={data.id} lot={data} />}
      </QueryView>
    </div>
  );
}

/** A command of the page: a name tests and the keyboard reach it by, and what it does. */
interface LotCommand {
  name: string;
  label: string;
  perform: () => void;
  danger?: boolean;
}

function LotDetail({ lot }: { lot: Lot }) {
  const { t } = useTranslation();
  const id = useId();
  const can = useCan();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [recalling, setRecalling] = useState(false);
  const asked = params.get('direction');
  // A supplier's lot has nothing behind it: its page opens on what it went into.
  const direction: TraceDirection =
    asked === 'backward' || asked === 'forward'
      ? asked
      : lot.origin === 'received'
        ? 'forward'
        : 'backward';

  const setDirection = (next: TraceDirection) =>
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        updated.set('direction', next);
        return updated;
      },
      { replace: true },
    );

  const commands: LotCommand[] = [
    ...(can('lots.recall')
      ? [
          {
            name: 'recall',
            label: t('lots:lot.recall'),
            danger: true,
            perform: () => setRecalling(true),
          },
        ]
      : []),
  ];

  return (
    <>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">
            {lot.origin === 'received' ? t('lots:lot.supplierLot') : t('lots:lot.madeLot')}
          </p>
          <h1 data-testid="lot-number">
            {lot.number} <LotStatusBadge status={lot.status} />
          </h1>
        </div>
        {commands.length > 0 && (
          <div className="form__actions" data-testid="lot-commands">
            {commands.map((command) => (
              <button
                key={command.name}
                type="button"
                className={`button${command.danger ? ' button--danger' : ''}`}
                data-command={command.name}
                onClick={command.perform}
              >
                {command.label}
              </button>
            ))}
          </div>
        )}
      </header>

      <LotFacts lot={lot} />

      <section className="section" aria-labelledby={`${id}-balance`}>
        <h2 id={`${id}-balance`}>{t('lots:lot.massBalance')}</h2>
        <MassBalancePanel lot={lot} />
      </section>

      <TraceSection lot={lot} direction={direction} onDirection={setDirection} />

      {recalling && (
        <RecallDialog
          lot={lot}
          onClose={() => setRecalling(false)}
          onStarted={(recall) => navigate(`/recalls/${encodeURIComponent(recall.number)}`)}
        />
      )}
    </>
  );
}
