import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore, useServices } from '../../app/services';
import { formatDuration, useElapsed } from '../../app/use-elapsed';
import type { CallInfo } from '../../sip/types';
import { Keypad } from '../dialer/Keypad';
import { resumeCall, sendDigits } from './call-actions';
import { ClientSees } from './ClientSees';
import { Party } from './Party';

/** A connected call: time, mute, hold (resuming holds the other lines), tones keypad, hang up. */
export function InCall({ call }: { call: CallInfo }) {
  const { t } = useTranslation();
  const services = useServices();
  const { adapter } = services;
  const digits = useAppStore((s) => s.lines.digits[call.id] ?? '');
  const elapsed = useElapsed(call.connectedAt ?? call.startedAt);
  const [keypad, setKeypad] = useState(false);
  return (
    <section className="call-view in-call" aria-label={t('call.line', { line: call.line })}>
      <Party call={call} />
      <ClientSees call={call} />
      <p className="call-state">
        {call.held ? t('call.onHold') : t('call.connected')}
        {call.muted && ` · ${t('call.muted')}`}
      </p>
      {call.held && <p className="held-hint">{t('call.heldHint')}</p>}
      <p className="elapsed">
        <time aria-label={t('call.elapsed')}>{formatDuration(elapsed)}</time>
      </p>
      {digits && (
        <p className="digits" aria-label={t('call.digits')}>
          {digits}
        </p>
      )}
      {keypad && (
        <Keypad label={t('call.dtmfKeypad')} onKey={(key) => sendDigits(services, call.id, key)} />
      )}
      <div className="actions grid">
        <button
          type="button"
          aria-pressed={call.muted}
          onClick={() => adapter.setMuted(call.id, !call.muted)}
        >
          {call.muted ? t('call.unmute') : t('call.mute')}
        </button>
        <button
          type="button"
          className={call.held ? 'primary' : undefined}
          aria-pressed={call.held}
          onClick={() =>
            call.held ? resumeCall(services, call.id) : adapter.setHeld(call.id, true)
          }
        >
          {call.held ? t('call.resume') : t('call.hold')}
        </button>
        <button type="button" aria-expanded={keypad} onClick={() => setKeypad(!keypad)}>
          {keypad ? t('call.hideKeypad') : t('call.keypad')}
        </button>
      </div>
      <div className="actions">
        <button type="button" className="danger" onClick={() => adapter.hangup(call.id)}>
          {t('call.hangup')}
        </button>
      </div>
    </section>
  );
}
