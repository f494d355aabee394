// The Content-Type of each `bodyType` a connector sends over HTTP (1.0 common/http_util.go BodyTypeMap), shared by
// the rest sink and the httppull source.

export type BodyType = 'none' | 'text' | 'json' | 'html' | 'xml' | 'javascript' | 'form'

export const BODY_CONTENT_TYPES: Readonly<Record<BodyType, string>> = {
  none: '',
  text: 'text/plain',
  json: 'application/json',
  html: 'text/html',
  xml: 'application/xml',
  javascript: 'application/javascript',
  form: 'application/x-www-form-urlencoded;param=value',
}

export function isBodyType(s: string): s is BodyType {
  return Object.hasOwn(BODY_CONTENT_TYPES, s)
}
