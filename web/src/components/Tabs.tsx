import { type KeyboardEvent, type ReactNode, useId, useRef } from 'react';
import { formatInteger } from '../format';

export interface Tab {
  id: string;
  /** In the reader's language. */
  label: string;
  count?: number | undefined;
  render: () => ReactNode;
}

interface TabsProps {
  /** The name of the tab list, in the reader's language. */
  label: string;
  tabs: readonly Tab[];
  selected: string;
  onSelect: (id: string) => void;
}

/** WAI-ARIA tabs: one tab stop, arrow keys and Home/End move between tabs. */
export function Tabs({ label, tabs, selected, onSelect }: TabsProps) {
  const base = useId();
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const active = tabs.find((t) => t.id === selected) ?? tabs[0];

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    // Move from the tab that has focus: the selection follows the URL and may lag a key press.
    const focused = tabs.findIndex((t) => buttons.current.get(t.id) === event.target);
    const index = focused >= 0 ? focused : tabs.findIndex((t) => t.id === active?.id);
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: tabs.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = tabs[(target + tabs.length) % tabs.length];
    if (!next) return;
    onSelect(next.id);
    buttons.current.get(next.id)?.focus();
  }

  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tabs__list" onKeyDown={onKeyDown}>
        {tabs.map((tab) => {
          const isActive = tab.id === active?.id;
          return (
            <button
              key={tab.id}
              ref={(el) => {
                if (el) buttons.current.set(tab.id, el);
                else buttons.current.delete(tab.id);
              }}
              type="button"
              role="tab"
              id={`${base}-tab-${tab.id}`}
              aria-selected={isActive}
              aria-controls={`${base}-panel-${tab.id}`}
              tabIndex={isActive ? 0 : -1}
              className="tabs__tab"
              onClick={() => onSelect(tab.id)}
            >
              {tab.label}{' '}
              {tab.count !== undefined && (
                <span className="tabs__count">{formatInteger(tab.count)}</span>
              )}
            </button>
          );
        })}
      </div>
      {active && (
        <div
          role="tabpanel"
          id={`${base}-panel-${active.id}`}
          aria-labelledby={`${base}-tab-${active.id}`}
          className="tabs__panel"
          data-testid={`panel-${active.id}`}
        >
          {active.render()}
        </div>
      )}
    </div>
  );
}
