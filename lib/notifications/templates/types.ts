export type Locale = "fr" | "en";

export interface RenderedEmail {
  kind: "email";
  subject: string;
  html: string;
  text: string;
  /** E.g. the booking's ICS file. */
  attachments?: EmailAttachment[];
}

export interface EmailAttachment {
  filename: string;
  content: string;
  /** With parameters, e.g. "text/calendar; charset=utf-8; method=REQUEST". */
  contentType: string;
  /** "base64" when `content` is base64 (binary files such as a PDF); text otherwise. */
  encoding?: "base64";
}

export interface RenderedSms {
  kind: "sms";
  body: string;
}

export type RenderedNotification = RenderedEmail | RenderedSms;
