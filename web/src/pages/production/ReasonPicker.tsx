import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DowntimeReason } from '../../api/production';
import { Modal } from '../../components/Modal';
import { formatInteger } from '../../format';
import { downtimeCategoryLabel } from './labels';

interface ReasonPickerProps {
  tree: readonly DowntimeReason[];
  pending: boolean;
  /** A refusal of the command, shown in the dialog. */
  banner?: ReactNode;
  onPause: (reason: string, note: string | undefined) => void;
  onClose: () => void;
}

const categoryClass = (category: string) =>
  category === 'planned' ? 'reason--planned' : 'reason--unplanned';

/**
 * Why the line stops, for a touch screen: first the groups of the plant's
 * downtime tree, then the reportable reasons of the chosen group, then an
 * optional note and the confirmation. Planned and unplanned stops look apart.
 */
export function ReasonPicker({ tree, pending, banner, onPause, onClose }: ReasonPickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const [group, setGroup] = useState<DowntimeReason>();
  const [leaf, setLeaf] = useState<DowntimeReason>();
  const [note, setNote] = useState('');

  const reasonCount = (n: number) =>
    t('production:reasonPicker.reasonCount', { count: n, n: formatInteger(n) });
  const back = () => (leaf ? setLeaf(undefined) : setGroup(undefined));
  const title = leaf
    ? t('production:reasonPicker.confirm')
    : group
      ? group.name
      : t('production:reasonPicker.question');

  return (
    <Modal
      labelledBy={`${id}-title`}
      onClose={onClose}
      className="terminal-modal"
      testId="reason-picker"
    >
      <div className="terminal-modal__bar">
        {group || leaf ? (
          <button type="button" className="t-button t-button--ghost" onClick={back}>
            ‹ {t('common:actions.back')}
          </button>
        ) : (
          <span />
        )}
        <h2 id={`${id}-title`} className="terminal-modal__title">
          {title}
        </h2>
        <button type="button" className="t-button t-button--ghost" onClick={onClose}>
          {t('common:actions.close')}
        </button>
      </div>

      {banner}
      {!group && !leaf && (
        <div className="reason-grid" data-testid="reason-groups">
          {tree.map((reason) => {
            const isLeaf = !reason.children?.length;
            return (
              <button
                key={reason.code}
                type="button"
                className={`reason ${categoryClass(reason.category)}`}
                data-testid={`reason-${reason.code}`}
                onClick={() => (isLeaf ? setLeaf(reason) : setGroup(reason))}
              >
                <span className="reason__category">
                  {downtimeCategoryLabel(t, reason.category)}
                </span>
                <span className="reason__name">{reason.name}</span>
                <span className="reason__code">
                  {reason.code}
                  {isLeaf ? '' : ` · ${reasonCount(countLeaves(reason))} ›`}
                </span>
              </button>
            );
          })}
        </div>
      )}

      {group && !leaf && (
        <div className="reason-leaves" data-testid="reason-leaves">
          {sectionsOf(group).map((section) => (
            <div key={section.code} className="reason-section">
              {section.title && <h3 className="reason-section__title">{section.title}</h3>}
              <div className="reason-grid">
                {section.leaves.map((reason) => (
                  <button
                    key={reason.code}
                    type="button"
                    className={`reason ${categoryClass(reason.category)}`}
                    data-testid={`reason-${reason.code}`}
                    onClick={() => setLeaf(reason)}
                  >
                    <span className="reason__name">{reason.name}</span>
                    <span className="reason__code">{reason.code}</span>
                  </button>
                ))}
              </div>
            </div>
          ))}
        </div>
      )}

      {leaf && (
        <div className="reason-confirm">
          <p
            className={`reason-chosen ${categoryClass(leaf.category)}`}
            data-testid="reason-chosen"
          >
            <span className="reason__category">{downtimeCategoryLabel(t, leaf.category)}</span>
            <span className="reason__name">{leaf.name}</span>
            <span className="reason__code">{leaf.code}</span>
          </p>
          <label className="t-field">
            <span>{t('production:reasonPicker.note')}</span>
            <textarea
              rows={2}
              maxLength={500}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </label>
          <button
            type="button"
            className="t-button t-button--pause t-button--wide"
            disabled={pending}
            data-testid="confirm-pause"
            onClick={() => onPause(leaf.code, note.trim() || undefined)}
          >
            {pending
              ? t('production:reasonPicker.submitting')
              : t('production:reasonPicker.submit')}
          </button>
        </div>
      )}
    </Modal>
  );
}

function countLeaves(reason: DowntimeReason): number {
  const children = reason.children ?? [];
  return children.length === 0 ? 1 : children.reduce((n, c) => n + countLeaves(c), 0);
}

interface LeafSection {
  code: string;
  title?: string;
  leaves: DowntimeReason[];
}

/** The leaves of a group, its direct ones first, then each sub-group under its own title. */
function sectionsOf(group: DowntimeReason): LeafSection[] {
  const children = group.children ?? [];
  const direct = children.filter((c) => !c.children?.length);
  const sections: LeafSection[] = direct.length ? [{ code: group.code, leaves: direct }] : [];
  for (const sub of children.filter((c) => c.children?.length)) {
    for (const section of sectionsOf(sub)) {
      sections.push({ ...section, title: section.title ?? sub.name });
    }
  }
  return sections;
}
