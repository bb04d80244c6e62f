import type { StoredBinding, StoredBindingData } from '../entities';
import type { UdpBindingRepository } from '../store';
import type { SqlContext } from './context';

/** Rows per INSERT: 5 parameters each, well under both databases' limits on parameters. */
const SAVE_CHUNK = 500;

/** UDP devices' bindings per server, written behind the registrar (pbx/registrar/kept-bindings.ts). */
export function sqlUdpBindings(ctx: SqlContext): UdpBindingRepository {
  return {
    save: (node, bindings) =>
      ctx.write(async (db) => {
        // One statement per SAVE_CHUNK rows: a statement per row cost a tenth of the SIP
        // thread at 5,000 REGISTER/s (a CPU profile). One row per key, the last given, since a
        // statement may not update the same row twice (PostgreSQL refuses).
        const latest = new Map(bindings.map((b) => [`${b.sipNumber}\n${b.key}`, b]));
        const rows = [...latest.values()].map((b) => ({
          node,
          sip_number: b.sipNumber,
          binding_key: b.key,
          data: JSON.stringify(b.data),
          expires_at: b.expiresAt,
        }));
        for (let i = 0; i < rows.length; i += SAVE_CHUNK) {
          await db
            .insertInto('udp_bindings')
            .values(rows.slice(i, i + SAVE_CHUNK))
            .onConflict((oc) =>
              oc.columns(['node', 'sip_number', 'binding_key']).doUpdateSet((eb) => ({
                data: eb.ref('excluded.data'),
                expires_at: eb.ref('excluded.expires_at'),
              })),
            )
            .execute();
        }
      }),
    remove: (node, keys) =>
      ctx.write(async (db) => {
        for (const { sipNumber, key } of keys) {
          await db
            .deleteFrom('udp_bindings')
            .where('node', '=', node)
            .where('sip_number', '=', sipNumber)
            .where('binding_key', '=', key)
            .execute();
        }
      }),
    load: (node, now) =>
      ctx.write(async (db) => {
        await db
          .deleteFrom('udp_bindings')
          .where('node', '=', node)
          .where('expires_at', '<=', now)
          .execute();
        const rows = await db
          .selectFrom('udp_bindings')
          .selectAll()
          .where('node', '=', node)
          .orderBy('sip_number')
          .orderBy('binding_key')
          .execute();
        return rows.map((r): StoredBinding => ({
          sipNumber: r.sip_number,
          key: r.binding_key,
          expiresAt: Number(r.expires_at),
          data: JSON.parse(r.data) as StoredBindingData,
        }));
      }),
  };
}
