import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { typingInField } from '../../app/phone-keys';
import { useServices } from '../../app/services';
import type { CallInfo } from '../../sip/types';
import { answerCall } from './call-actions';

/**
 * Answer and Decline for a ringing call, on its own screen or as a second-line notice. Answer
 * takes the focus when the call starts ringing (Enter answers), unless the user is typing.
 */
export function AnswerActions({ call }: { call: CallInfo }) {
  const { t } = useTranslation();
  const services = useServices();
  const answer = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!typingInField(document.activeElement)) answer.current?.focus();
  }, [call.id]);
  return (
    <div className="actions">
      <button
        ref={answer}
        type="button"
        className="primary"
        onClick={() => answerCall(services, call.id)}
      >
        {t('call.answer')}
      </button>
      <button type="button" className="danger" onClick={() => services.adapter.decline(call.id)}>
        {t('call.decline')}
      </button>
    </div>
  );
}
