import type { StoredBinding, StoredBindingData } from '../entities';
import type { UdpBindingRepository } from '../store';
import type { SqlContext } from './context';

/** UDP devices' bindings per server, written behind the registrar (pbx/registrar/kept-bindings.ts). */
export function sqlUdpBindings(ctx: SqlContext): UdpBindingRepository {
  return {
    save: (node, bindings) =>
      ctx.write(async (db) => {
        for (const b of bindings) {
          const row = {
            node,
            sip_number: b.sipNumber,
            binding_key: b.key,
            data: JSON.stringify(b.data),
            expires_at: b.expiresAt,
          };
          await db
            .insertInto('udp_bindings')
            .values(row)
            .onConflict((oc) =>
              oc
                .columns(['node', 'sip_number', 'binding_key'])
                .doUpdateSet({ data: row.data, expires_at: row.expires_at }),
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
