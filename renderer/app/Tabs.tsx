import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem<K extends string> {
  key: K;
  /** The tab's id (its panel is labelled by it). */
  id: string;
  /** The panel it shows, when there is one element for it. */
  controls?: string;
  content: ReactNode;
  /** When the visible content is not the name to say (a badge with a count). */
  ariaLabel?: string;
}

/**
 * An ARIA tab list with a roving tab stop: click, or arrow keys, Home and End; the focus
 * follows the choice.
 */
export function Tabs<K extends string>({
  label,
  className = 'tabs',
  items,
  selected,
  onSelect,
}: {
  label: string;
  className?: string;
  items: TabItem<K>[];
  selected: K;
  onSelect(key: K): void;
}) {
  const buttons = useRef<Partial<Record<K, HTMLButtonElement | null>>>({});
  const keys = items.map((item) => item.key);
  const onKeyDown = (event: KeyboardEvent) => {
    const at = keys.indexOf(selected);
    const target: Record<string, K | undefined> = {
      ArrowRight: keys[(at + 1) % keys.length],
      ArrowLeft: keys[(at + keys.length - 1) % keys.length],
      Home: keys[0],
      End: keys[keys.length - 1],
    };
    const next = target[event.key];
    if (!next) return;
    event.preventDefault();
    onSelect(next);
    buttons.current[next]?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className={className} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <button
          key={item.key}
          ref={(el) => {
            buttons.current[item.key] = el;
          }}
          type="button"
          role="tab"
          id={item.id}
          aria-selected={selected === item.key}
          aria-controls={item.controls}
          aria-label={item.ariaLabel}
          tabIndex={selected === item.key ? 0 : -1}
          onClick={() => onSelect(item.key)}
        >
          {item.content}
        </button>
      ))}
    </div>
  );
}
