export type Locale = "fr" | "en";

export interface RenderedEmail {
  kind: "email";
  subject: string;
  html: string;
  text: string;
}

export interface RenderedSms {
  kind: "sms";
  body: string;
}

export type RenderedNotification = RenderedEmail | RenderedSms;
