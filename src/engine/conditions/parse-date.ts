// Reads a date for the Date operators: a W3C profile of ISO 8601 (https://www.w3.org/TR/NOTE-datetime) or
// epoch seconds (§5.3, OPS). Returns milliseconds since 1970-01-01T00:00:00Z, or NaN.
//
// Decisions (AWS does not document them; §5.3 UNCONFIRMED, checked in OPS and the aws-dates example page):
// - A date without a time (`2020-01-01`, `2020-01`) is the first instant of that day/month in UTC, so
//   DateEquals "2020-01-01" holds only at exactly 2020-01-01T00:00:00Z.
// - A time without an offset is read as UTC.
// - A string of digits only (optionally signed, with a fraction) is epoch seconds; so the W3C year-only
//   form `2020` is read as 2020 seconds after the epoch, not as the year.
// - Fractions of a second keep their precision; offsets are `Z`, `±hh:mm`, `±hhmm` or `±hh`.
// No Date object and no clock are used (the engine is pure).

const EPOCH_RE = /^[+-]?\d+(?:\.\d+)?$/
const ISO_RE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?)?)?$/

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

/** Days from 1970-01-01 to y-m-d (proleptic Gregorian; m is 1-12). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export function parseDate(s: string): number {
  if (EPOCH_RE.test(s)) return Number(s) * 1000
  const m = ISO_RE.exec(s)
  if (!m) return NaN
  const year = Number(m[1])
  const month = m[2] === undefined ? 1 : Number(m[2])
  const day = m[3] === undefined ? 1 : Number(m[3])
  if (month < 1 || month > 12) return NaN
  const dim = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]
  if (day < 1 || day > dim) return NaN
  const hour = m[4] === undefined ? 0 : Number(m[4])
  const minute = m[5] === undefined ? 0 : Number(m[5])
  const second = m[6] === undefined ? 0 : Number(m[6])
  if (hour > 23 || minute > 59 || second > 59) return NaN
  const fraction = m[7] === undefined ? 0 : Number('0.' + m[7]) * 1000
  let offsetMinutes = 0
  if (m[9] !== undefined) {
    const oh = Number(m[10])
    const om = m[11] === undefined ? 0 : Number(m[11])
    if (oh > 23 || om > 59) return NaN
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om)
  }
  const days = daysFromCivil(year, month, day)
  return ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60000 + second * 1000 + fraction
}
