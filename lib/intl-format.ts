/* Shared Intl formatters. Constructing an Intl.DateTimeFormat (or NumberFormat) is far dearer than
 * using one: the CPU profile of the Backups tab under load (notes/load.md) had the backups table's
 * date formatting, which built 5–7 formatters per row, as its hottest app code; retention previews
 * format thousands of backups. Formatters are immutable, so one per (locale, options) is kept for the
 * life of the process (or tab). Pure; safe on server and client. A time zone Intl does not know throws
 * here, as `new Intl.DateTimeFormat` does. */

const CAP = 500; // distinct (zone × options) in use are few; the cap only bounds a pathological caller

function cachedBy<O, F>(make: (locale: string, options: O) => F) {
  const made = new Map<string, F>();
  return (locale: string, options: O): F => {
    const key = `${locale}|${JSON.stringify(options)}`;
    let f = made.get(key);
    if (!f) {
      f = make(locale, options);
      if (made.size >= CAP) made.clear();
      made.set(key, f);
    }
    return f;
  };
}

const dateTimeFormats = cachedBy((l, o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(l, o));
const numberFormats = cachedBy((l, o: Intl.NumberFormatOptions) => new Intl.NumberFormat(l, o));

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  return dateTimeFormats(locale, options);
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return numberFormats(locale, options);
}
