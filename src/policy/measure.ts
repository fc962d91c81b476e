// Policy size as AWS counts it (§4.6): IAM quotas ignore white space ("Policy size calculations do not include white
// space characters", GRAMMAR notes; GetAccountSummary counts non-white-space characters), while Organizations (SCP,
// RCP) and VPC endpoint policies count every character as sent.

export interface PolicySize {
  /** Every character (Unicode code point) of the text. */
  chars: number
  /** Characters other than white space (space, tab, LF, CR, form feed, vertical tab), wherever they occur. */
  nonWhitespace: number
}

export function measurePolicy(text: string): PolicySize {
  let chars = 0
  let whitespace = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    // A surrogate pair is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
    }
    chars++
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c || c === 0x0b) whitespace++
  }
  return { chars, nonWhitespace: chars - whitespace }
}
