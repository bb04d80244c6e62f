import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError, type FieldProblem } from '../../api';
import { asSentence, errorSentence } from './error-text';

export interface FormErrors {
  /** The sentence to show next to each field, by path. */
  fields: Record<string, string>;
  /** What belongs to no field (a 409, a network failure, a field the form does not have). */
  form?: string;
  /** Shows the problems of a local check or of a 400. */
  showProblems(problems: FieldProblem[]): void;
  /** Shows what a failed request says; `own` words statuses the form knows better. */
  fail(error: unknown, own?: Partial<Record<number, string>>): void;
  /** Shows sentences a local check wrote itself. */
  show(fields: Record<string, string>, form?: string): void;
  clear(): void;
}

/**
 * Field errors of a form, each in a sentence: `sentences` maps a field's path to the sentence
 * that says what it needs, or to a function of the problem's own message (a field whose API
 * message says more than a fixed sentence can); problems of other paths become the form's message.
 */
export function useFormErrors(
  sentences: Record<string, string | ((message: string) => string)>,
): FormErrors {
  const { t } = useTranslation();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [form, setForm] = useState<string>();

  const showProblems = (problems: FieldProblem[]) => {
    const found: Record<string, string> = {};
    const other: string[] = [];
    for (const { path, message } of problems) {
      const sentence = sentences[path];
      if (typeof sentence === 'function') found[path] = sentence(message);
      else if (sentence) found[path] = sentence;
      else other.push(asSentence(message));
    }
    setFields(found);
    setForm(other.length > 0 ? [...new Set(other)].join(' ') : undefined);
  };

  return {
    fields,
    form,
    showProblems,
    fail(error, own) {
      if (error instanceof ApiRequestError && error.status === 400 && error.fields.length > 0) {
        showProblems(error.fields);
      } else {
        setFields({});
        setForm(errorSentence(t, error, own));
      }
    },
    show(next, message) {
      setFields(next);
      setForm(message);
    },
    clear() {
      setFields({});
      setForm(undefined);
    },
  };
}
