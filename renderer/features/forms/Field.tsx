import { useId, type ReactNode } from 'react';

/** What an input needs to be labelled, described and marked invalid. */
export interface FieldInputProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

export interface FieldProps {
  label: string;
  /** The sentence saying what is wrong, shown under the input as an alert. */
  error?: string;
  /** A line under the input saying what it takes. */
  hint?: string;
  children: (input: FieldInputProps) => ReactNode;
  className?: string;
}

/** A label, its input (given by `children`), the hint and the error, wired for screen readers. */
export function Field({ label, error, hint, children, className }: FieldProps) {
  const id = useId();
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className={className ?? 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(error ? { 'aria-invalid': true } : {}),
        ...(described ? { 'aria-describedby': described } : {}),
      })}
      {hint && (
        <p id={`${id}-hint`} className="muted small">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The form's own message (what belongs to no field), as an alert. */
export function FormError({ message }: { message?: string }) {
  return message ? (
    <p className="error" role="alert">
      {message}
    </p>
  ) : null;
}
