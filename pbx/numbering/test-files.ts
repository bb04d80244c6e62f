/**
 * Registry files for tests: a newer official file (eight columns, `Территория ГАР`, operators in
 * plain quotes) and a Windows-1251 encoder, since TextEncoder only writes UTF-8.
 */

/** Rows in the layout of the registry's files since 2021, as text. */
export const NEWER_REGISTRY_FILE = [
  'АВС/ DEF;От;До;Емкость;Оператор;Регион;Территория ГАР;ИНН',
  '301;2110000;2129999;20000;ПАО "Ростелеком";г. Улан-Удэ|Республика Бурятия;г. Улан-Удэ|г.о. город Улан-Удэ|Республика Бурятия;7707049388',
  '495;1000000;1999999;1000000;ПАО "МГТС";г. Москва;Город Москва;7710016640',
  '495;2000000;2009999;10000;ООО "Связь";-;Московская область;5000000000',
  '812;3000000;3099999;100000;ПАО "Ростелеком";г. Санкт-Петербург;Город Санкт-Петербург;7707049388',
  '949;0000000;0999999;1000000;ООО "Феникс";Донецкая Народная Республика;Донецкая Народная Республика;9303000000',
  '995;2000000;2999999;1000000;ООО "Т2 Мобайл";г. Санкт-Петербург * Ленинградская область;Город Санкт-Петербург;7743895280',
].join('\r\n');

const CYRILLIC_1251: Record<string, number> = { Ё: 0xa8, ё: 0xb8, '№': 0xb9, '—': 0x97, '–': 0x96 };

/** text in Windows-1251 (ASCII, Russian letters and a few signs; throws on anything else). */
export function toWindows1251(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => {
    const code = char.charCodeAt(0);
    if (code < 0x80) return code;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    const byte = CYRILLIC_1251[char];
    if (byte === undefined) throw new Error(`no Windows-1251 byte for ${char}`);
    return byte;
  });
}
