import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface ConfirmProps {
  title: string;
  children: ReactNode;
  /** The buttons: the first is focused, so the safe choice should come last. */
  actions: { label: string; onClick: () => void; className?: string }[];
}

/** A question asked in place (an alertdialog), focused when it opens. */
export function Confirm({ title, children, actions }: ConfirmProps) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <div
      ref={box}
      className="confirm"
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      tabIndex={-1}
    >
      <p id={`${id}-title`} className="confirm-title">
        {title}
      </p>
      <div id={`${id}-body`}>{children}</div>
      <div className="actions">
        {actions.map((a) => (
          <button key={a.label} type="button" className={a.className} onClick={a.onClick}>
            {a.label}
          </button>
        ))}
      </div>
    </div>
  );
}
