/* Shared Intl formatters. Constructing an Intl.DateTimeFormat (or NumberFormat) is far dearer than
 * using one: the CPU profile of the Backups tab under load (notes/load.md) had the backups table's
 * date formatting, which built 5–7 formatters per row, as its hottest app code. Formatters are
 * immutable, so one per (locale, options) is kept for the life of the process (or tab). Pure; safe on
 * server and client. A time zone Intl does not know throws here, as `new Intl.DateTimeFormat` does. */

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const CAP = 500; // distinct (zone × options) in use are few; the cap only bounds a pathological caller

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = dateTimeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    if (dateTimeFormats.size >= CAP) dateTimeFormats.clear();
    dateTimeFormats.set(key, f);
  }
  return f;
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    if (numberFormats.size >= CAP) numberFormats.clear();
    numberFormats.set(key, f);
  }
  return f;
}
