import { SegmentedMessage } from 'sms-segments-calculator';

/** How an SMS text travels: its encoding, its size and how many parts the network splits it into. */
export interface SmsLength {
  /** GSM-7 when every character is in the GSM alphabet; one character outside it (an emoji, "ś") makes the whole text UCS-2. */
  encoding: 'GSM-7' | 'UCS-2';
  /** Characters as the person counts them (an emoji is one). */
  characters: number;
  /** Parts billed and sent; 0 for an empty text. */
  segments: number;
  /** What one part holds in this encoding: 160 / 70 alone, 153 / 67 once split (the rest carries the reassembly header). */
  perSegment: number;
  /** The characters that force UCS-2, to replace them if the size matters. */
  nonGsm: string[];
}

/** The SMS size of a text, as the network counts it (GSM-7 extension characters such as "€" take two places). */
export function smsLength(text: string): SmsLength {
  const message = new SegmentedMessage(text);
  const gsm = message.encodingName === 'GSM-7';
  const segments = text === '' ? 0 : message.segmentsCount;
  return {
    encoding: message.encodingName,
    characters: message.graphemes.length,
    segments,
    perSegment: segments > 1 ? (gsm ? 153 : 67) : gsm ? 160 : 70,
    nonGsm: [...new Set(message.getNonGsmCharacters())],
  };
}
