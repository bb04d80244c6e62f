/** Server transactions (RFC 3261 §17.2, with RFC 6026's Accepted state for INVITE). */
import { SipResponse, type SipRequest } from '../message';
import { freezeMessage, serializeMessage, withWire } from '../serializer';
import { createResponse } from './response';
import { Transaction } from './transaction';
import type { ServerTransaction } from './types';

export abstract class ServerTransactionBase extends Transaction implements ServerTransaction {
  cancelled = false;
  onCancel?: () => void;
  /** The last response sent, re-sent when the request is retransmitted. */
  protected last: SipResponse | undefined;

  abstract respond(response: SipResponse): boolean;

  /** A retransmission of the request (or an ACK) that matched this transaction. */
  abstract receive(request: SipRequest): void;
}

/** INVITE server transaction (§17.2.1, RFC 6026 §7.1). */
export class InviteServerTransaction extends ServerTransactionBase {
  /**
   * Sends 100 Trying once the TU has seen the INVITE, unless it already answered: §17.2.1 lets
   * a transaction skip it when the TU responds within 200 ms (a challenge, a refusal), which
   * spares a datagram for every INVITE the PBX challenges. A closed flow terminates the tx.
   */
  tryingUnlessAnswered(): void {
    if (this.state === 'proceeding' && !this.last) {
      this.respond(createResponse(this.request, 100, 'Trying'));
    }
  }

  respond(response: SipResponse): boolean {
    const status = response.status;
    if (this.state === 'accepted') {
      // RFC 6026 §7.1: further 2xx from the TU (a forking proxy's other branches) go out.
      return status >= 200 && status < 300 && this.transmit(response);
    }
    if (this.state !== 'proceeding') return false;
    // A non-2xx final is only ever re-sent: serialise it once and keep just the bytes.
    const sent = status >= 300 ? freezeMessage(response) : response;
    if (!this.transmit(sent)) return false;
    const { T1 } = this.timers;
    if (status < 300 && status >= 200) {
      // RFC 6026 Accepted: the TU (or the UAS behind a proxy) re-sends the 2xx and a CANCEL
      // has no effect, so the layer only absorbs INVITE retransmissions for timer L and
      // passes ACKs up; this object stays usable for further 2xx from the TU. Held for 32 s
      // per call, it keeps no message: that is what lets the PBX sustain its call rate.
      this.state = 'accepted';
      this.last = undefined;
      this.onCancel = undefined;
      // Nothing here needs the INVITE again; a TU that does keeps its own reference.
      this.lighten();
      this.linger(undefined, 64 * T1, true); // timer L
      return true;
    }
    this.last = sent;
    if (status < 200) return true;
    this.state = 'completed';
    // Only retransmissions and the ACK remain: keep bytes, not parsed messages.
    this.lighten();
    if (!this.flow.reliable) this.retransmitFinal(T1); // timer G
    this.slots.lifetime(64 * T1, () => this.terminate()); // timer H
    return true;
  }

  receive(request: SipRequest): void {
    if (request.method === 'ACK') {
      if (this.state !== 'completed') return;
      this.state = 'confirmed';
      // Timer I: further ACKs (and INVITEs) are absorbed, nothing is sent.
      if (this.flow.reliable) this.terminate();
      else this.linger(undefined, this.timers.T4);
      return;
    }
    // Retransmitted INVITE: re-send the last provisional or final.
    if (this.last) this.transmit(this.last);
  }

  /** Marks the tx cancelled; true the first time. */
  cancel(): boolean {
    if (this.cancelled) return false;
    this.cancelled = true;
    return true;
  }

  private retransmitFinal(interval: number): void {
    this.slots.retransmit(interval, () => {
      if (this.last && this.transmit(this.last)) {
        this.retransmitFinal(Math.min(2 * interval, this.timers.T2));
      }
    });
  }
}

/** Non-INVITE server transaction (§17.2.2). */
export class NonInviteServerTransaction extends ServerTransactionBase {
  respond(response: SipResponse): boolean {
    if (this.state !== 'trying' && this.state !== 'proceeding') return false;
    if (response.status < 200) {
      if (!this.transmit(response)) return false;
      this.last = response;
      this.state = 'proceeding';
      return true;
    }
    // A final response is only ever re-sent: serialise it once and keep just the bytes.
    const bytes = serializeMessage(response);
    const sent = new SipResponse(response.status, response.reason, response.headers, response.body);
    if (!this.transmit(withWire(sent, bytes))) return false;
    this.state = 'completed';
    this.last = undefined;
    this.lighten();
    if (this.flow.reliable) this.terminate();
    else this.linger(bytes, 64 * this.timers.T1); // timer J
    return true;
  }

  receive(): void {
    if (this.state !== 'trying' && this.last) this.transmit(this.last);
  }
}
