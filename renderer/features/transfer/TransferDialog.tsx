import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Colleague } from '../../../shared/api';
import { useAppStore, useServices } from '../../app/services';
import type { CallInfo, TransferTarget } from '../../sip/types';
import { nameOf, selectCalls, selectChannels, selectDialRules } from '../../store';
import { parseDialTarget, type DialRules } from '../dialer/dial-target';
import { Field } from '../forms/Field';
import { linesFull } from '../lines/line-slots';
import { ColleagueChoice } from './ColleagueChoice';
import { consultFirst, transferNow } from './transfer-actions';
import { partyName, targetLabel } from './transfer-sentence';
import { useColleagues } from './use-colleagues';

/** Whom the dialog would transfer to: the colleague chosen, else the number typed (named). */
function targetOf(
  chosen: Colleague | undefined,
  typed: string,
  rules: DialRules,
  name: (number: string) => string | undefined,
): TransferTarget | undefined {
  if (chosen) return { number: chosen.sipNumber, name: chosen.name };
  const parsed = parseDialTarget(typed, rules);
  if (parsed.kind !== 'sip' && parsed.kind !== 'phone') return undefined;
  const known = name(parsed.target);
  return known ? { number: parsed.target, name: known } : { number: parsed.target };
}

/**
 * Choosing where a call goes: a colleague from the directory (searched by name or SIP number)
 * or a typed number, then "Transfer now" (blind) or "Consult first" (attended). Escape closes.
 * It covers the window (a narrow one whole), its actions kept in view while the list scrolls.
 */
export function TransferDialog({ call, onClose }: { call: CallInfo; onClose(): void }) {
  const { t } = useTranslation();
  const services = useServices();
  const titleId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [typed, setTyped] = useState('');
  const [chosen, setChosen] = useState<Colleague>();
  const [error, setError] = useState<string>();
  const { status, colleagues } = useColleagues(typed);
  const full = useAppStore((s) => linesFull(selectCalls(s), selectChannels(s)));
  const directory = useAppStore((s) => s.directory);
  const rules = useAppStore(selectDialRules);
  const target = targetOf(chosen, typed, rules, (number) => nameOf({ directory }, number));
  useEffect(() => input.current?.focus(), []);

  const go = (attended: boolean) => {
    if (!target)
      return setError(t(rules === 'pbx' ? 'transfer.invalid' : 'transfer.invalidAnySip'));
    if (attended) consultFirst(services, call.id, target);
    else transferNow(services, call.id, target);
    onClose();
  };

  return (
    <div className="dialog-backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className="transfer-dialog"
        onKeyDown={(event) => event.key === 'Escape' && onClose()}
      >
        <h3 id={titleId}>{t('transfer.title', { party: partyName(call) })}</h3>
        <Field label={t('transfer.search')} hint={t('transfer.searchHint')} error={error}>
          {(props) => (
            <input
              {...props}
              ref={input}
              type="search"
              autoComplete="off"
              value={typed}
              onChange={(event) => {
                setTyped(event.target.value);
                setChosen(undefined);
                setError(undefined);
              }}
            />
          )}
        </Field>
        <ColleagueChoice
          status={status}
          colleagues={colleagues}
          chosen={chosen}
          onChoose={(colleague) => {
            setChosen(colleague);
            setError(undefined);
          }}
        />
        <p className="transfer-target" aria-live="polite">
          {target ? t('transfer.target', { target: targetLabel(target) }) : ''}
        </p>
        {full && <p className="muted small">{t('transfer.consultNeedsLine')}</p>}
        <div className="actions">
          <button type="button" className="primary" onClick={() => go(false)}>
            {t('transfer.now')}
          </button>
          <button type="button" disabled={full} onClick={() => go(true)}>
            {t('transfer.consult')}
          </button>
          <button type="button" onClick={onClose}>
            {t('transfer.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}
