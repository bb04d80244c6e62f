import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore, useServices } from '../../app/services';
import { formatDuration, useElapsed } from '../../app/use-elapsed';
import type { CallInfo } from '../../sip/types';
import { Keypad } from '../dialer/Keypad';
import { CallQuality } from '../quality/CallQuality';
import { ConsultationPanel } from '../transfer/ConsultationPanel';
import { mayTransfer } from '../transfer/transfer-actions';
import { TransferDialog } from '../transfer/TransferDialog';
import { TransferStatus } from '../transfer/TransferStatus';
import { partyName } from '../transfer/transfer-sentence';
import { resumeCall, sendDigits } from './call-actions';
import { ClientSees } from './ClientSees';
import { Party } from './Party';

/**
 * A connected call: time, mute, hold (resuming holds the other lines), tones keypad, transfer,
 * hang up.
 */
export function InCall({ call }: { call: CallInfo }) {
  const { t } = useTranslation();
  const services = useServices();
  const { adapter } = services;
  const digits = useAppStore((s) => s.lines.digits[call.id] ?? '');
  const elapsed = useElapsed(call.connectedAt ?? call.startedAt);
  const [keypad, setKeypad] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  const transferButton = useRef<HTMLButtonElement>(null);
  const closeTransfer = () => {
    setTransferOpen(false);
    transferButton.current?.focus();
  };
  return (
    <section className="call-view in-call" aria-label={t('call.line', { line: call.line })}>
      <Party call={call} />
      <ClientSees call={call} />
      <p className="call-state">
        {call.held
          ? t('call.onHold')
          : call.heldByRemote
            ? t('call.heldByRemote', { party: partyName(call) })
            : t('call.connected')}
        {call.muted && ` · ${t('call.muted')}`}
      </p>
      {call.held && <p className="held-hint">{t('call.heldHint')}</p>}
      {!call.held && call.heldByRemote && <p className="held-hint">{t('call.heldByRemoteHint')}</p>}
      <TransferStatus call={call} />
      <ConsultationPanel call={call} />
      <p className="elapsed">
        <time aria-label={t('call.elapsed')}>{formatDuration(elapsed)}</time>
      </p>
      <CallQuality callId={call.id} />
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
        {!call.consultationFor && (
          <button
            ref={transferButton}
            type="button"
            aria-haspopup="dialog"
            aria-expanded={transferOpen}
            disabled={!mayTransfer(call)}
            onClick={() => setTransferOpen(!transferOpen)}
          >
            {t('call.transfer')}
          </button>
        )}
      </div>
      {transferOpen && mayTransfer(call) && <TransferDialog call={call} onClose={closeTransfer} />}
      <div className="actions">
        <button type="button" className="danger" onClick={() => adapter.hangup(call.id)}>
          {t('call.hangup')}
        </button>
      </div>
    </section>
  );
}
