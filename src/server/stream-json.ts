// `GET /streams/{name}`: a stream definition in 1.0's JSON shape (Name, StreamFields with printed field types, Options).

import type { StreamDefinition } from '../catalog/stream-catalog.js'
import type { FieldTypeJson, StreamDescription, StreamFieldJson } from './contract.js'

type StreamField = NonNullable<StreamDefinition['fields']>[number]
type FieldType = StreamField['type']

/** 1.0's printFieldTypeForJson: a basic type is its name, arrays and structs are objects. */
export function fieldTypeJson(t: FieldType): FieldTypeJson {
  switch (t.kind) {
    case 'basic':
      return t.type
    case 'array':
      return { Type: 'array', ElementType: fieldTypeJson(t.elem) }
    case 'struct':
      return { Type: 'struct', Fields: t.fields.map(fieldJson) }
  }
}

function fieldJson(f: StreamField): StreamFieldJson {
  return { FieldType: fieldTypeJson(f.type), Name: f.name }
}

export function streamDescription(def: StreamDefinition): StreamDescription {
  return {
    Name: def.name,
    StreamFields: def.fields === null ? null : def.fields.map(fieldJson),
    Options: { ...def.options },
  }
}
