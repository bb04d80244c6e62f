import { useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { isEmergencyNumber } from '../../../shared/phone-numbers';
import { Icon } from '../../app/Icon';
import { dialKeyAction, typingInField, type DialKeyAction } from '../../app/phone-keys';
import { useAppStore, useServices } from '../../app/services';
import { selectCalls, selectChannels, selectDialRules, selectLastNumber } from '../../store';
import { mayCallOut, placeCall } from '../call/call-actions';
import { CallerIdPicker } from '../caller-id/CallerIdPicker';
import { useRegistrationText } from '../status/StatusBar';
import { linesFull } from '../lines/line-slots';
import { parseDialTarget } from './dial-target';
import { Keypad } from './Keypad';

export interface DialerProps {
  /** Called once a call has been started (the in-call dialer closes itself). */
  onDialled?: () => void;
  /**
   * The phone's own dialer: it takes the focus when shown, and digits typed anywhere that is
   * not a field go into it, Enter calls (see `dialKeyAction`).
   */
  keyboard?: boolean;
  /** A key went to the dialer from elsewhere: the phone shows it (it may be behind a list). */
  onKeyboard?: () => void;
}

/**
 * Takes a SIP number or a phone number (any SIP user or URI when the server is not this PBX);
 * refuses anything else before dialling, and dials nothing while every line of the number is
 * taken here, but an emergency number (SPEC §3: those always go out). Shows the caller ID the
 * call will use.
 */
export function Dialer({ onDialled, keyboard = false, onKeyboard }: DialerProps) {
  const { t } = useTranslation();
  const services = useServices();
  const id = useId();
  const lastNumber = useAppStore(selectLastNumber);
  const channels = useAppStore(selectChannels);
  const full = useAppStore((s) => linesFull(selectCalls(s), selectChannels(s)));
  const registration = useAppStore((s) => s.registration);
  const registered = registration.status === 'registered';
  const rules = useAppStore(selectDialRules);
  const registrationText = useRegistrationText();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  usePendingDial((number) => {
    setText(number);
    setError(undefined);
    input.current?.focus();
  });

  const dial = (input: string) => {
    if (!mayCallOut(registration, input) || (full && !isEmergencyNumber(input))) return;
    const parsed = parseDialTarget(input, rules);
    if (parsed.kind === 'empty') return setError(t('dialer.empty'));
    if (parsed.kind === 'invalid') {
      const sentence = rules === 'pbx' ? 'dialer.notANumber' : 'dialer.notAnAddress';
      return setError(t(sentence, { text: input.trim() }));
    }
    setError(undefined);
    if (placeCall(services, parsed.target) !== undefined) onDialled?.();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    dial(text);
  };
  const edit = (value: string) => {
    setText(value);
    setError(undefined);
  };
  useDialKeys(keyboard, input, (action) => {
    onKeyboard?.();
    if (action.kind === 'dial') dial(text);
    else edit(action.kind === 'type' ? text + action.digit : text.slice(0, -1));
  });
  const offline = registrationText.problem ? registrationText.text : t('dialer.notRegistered');
  const emergency = isEmergencyNumber(text);
  const busy = !mayCallOut(registration, text)
    ? t('dialer.noCalls', { reason: offline })
    : !registered
      ? t('dialer.emergencyWhileDisabled')
      : !full
        ? undefined
        : emergency
          ? t('dialer.emergencyThroughFull')
          : channels === 1
            ? t('dialer.lineBusy')
            : t('dialer.linesFull', { channels });
  const blocked = !mayCallOut(registration, text) || (full && !emergency);
  const redialBlocked =
    !mayCallOut(registration, lastNumber ?? '') || (full && !isEmergencyNumber(lastNumber ?? ''));

  return (
    <form className="dialer" onSubmit={submit} noValidate>
      <CallerIdPicker />
      <div className="dial-row">
        <input
          ref={input}
          aria-label={t('dialer.label')}
          placeholder={t(rules === 'pbx' ? 'dialer.placeholder' : 'dialer.placeholderAnySip')}
          value={text}
          inputMode={rules === 'pbx' ? 'tel' : 'text'}
          aria-invalid={error ? true : undefined}
          onChange={(e) => edit(e.target.value)}
        />
        <button
          type="button"
          className="icon"
          aria-label={t('dialer.backspace')}
          title={t('dialer.backspace')}
          disabled={!text}
          onClick={() => edit(text.slice(0, -1))}
        >
          <Icon name="backspace" />
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <Keypad onKey={(key) => edit(text + key)} />
      {busy && (
        <p id={`${id}-busy`} className="note">
          {busy}
        </p>
      )}
      <div className="actions">
        <button
          type="submit"
          className="primary call"
          disabled={blocked}
          aria-describedby={busy ? `${id}-busy` : undefined}
        >
          {t('dialer.call')}
        </button>
        {lastNumber && (
          <button
            type="button"
            disabled={redialBlocked}
            aria-describedby={busy ? `${id}-busy` : undefined}
            onClick={() => dial(lastNumber)}
          >
            {t('dialer.redial', { number: lastNumber })}
          </button>
        )}
      </div>
    </form>
  );
}

/** The dialer's keyboard (see `dialKeyAction`), and the focus in the number when it is shown. */
function useDialKeys(
  enabled: boolean,
  input: RefObject<HTMLInputElement | null>,
  act: (action: DialKeyAction) => void,
): void {
  const latest = useRef(act);
  useEffect(() => {
    latest.current = act;
  });
  useEffect(() => {
    if (!enabled) return;
    if (!typingInField(document.activeElement)) input.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      const action = dialKeyAction(event);
      if (!action) return;
      event.preventDefault();
      latest.current(action);
      if (action.kind === 'dial') return;
      input.current?.focus();
      // A list was in the dialer's place: once React has shown it again.
      if (document.activeElement !== input.current) setTimeout(() => input.current?.focus());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, input]);
}

/** A number from a tel:/sip: link (desktop app): taken once by the dialer shown, ready to dial. */
function usePendingDial(take: (number: string) => void): void {
  const { store } = useServices();
  const taker = useRef(take);
  useEffect(() => {
    taker.current = take;
  });
  useEffect(() => {
    const check = () => {
      const number = store.getState().pendingDial;
      if (number === undefined) return;
      store.getState().dialTaken();
      taker.current(number);
    };
    check();
    return store.subscribe(check);
  }, [store]);
}
