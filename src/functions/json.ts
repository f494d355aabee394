// JSON path functions (1.0's jsonCall): json_path_exists, json_path_query, json_path_query_first over a map or
// array argument, with PaesslerAG/jsonpath semantics (jsonpath.ts). A nil argument gives nil / false (1.0 panicked).

import { errorMessage } from '../core/errors.js'
import { isArray, isMap, isNil, type Value } from '../core/value.js'
import { defineScalar, type Documented, type FunctionExample, type ScalarFunction } from './define-function.js'
import { sig } from './doc.js'
import { argTypeError, checkLen, fail, goV, isStringLit, toGoString } from './args.js'
import { evalJsonPath } from './jsonpath.js'

function validateJson(name: string) {
  return (args: Parameters<NonNullable<ScalarFunction['validate']>>[0]): void => {
    checkLen(name, 2, args)
    if (!isStringLit(args[1])) throw argTypeError(name, 1, 'string')
  }
}

function checkInput(name: string, data: Value): void {
  if (!isMap(data) && !isArray(data)) {
    fail(`${name} function error: the first argument must be a map but got ${goV(data)}`)
  }
}

function query(name: string, data: Value, path: Value): Value {
  checkInput(name, data)
  try {
    return evalJsonPath(data, toGoString(path))
  } catch (err) {
    return fail(`${name} function error: ${errorMessage(err)}`)
  }
}

/** A reading with an array of sensors, for the examples. */
function onReading(sql: string, result: string): FunctionExample {
  return { sql, rows: [{ reading: { sensors: [{ temp: 21 }, { temp: 23.5 }] } }], result }
}

const JSON_PATH_NOTE = {
  en: 'The path is JSONPath: $.a.b, [n], [*], .., [a:b] and filters [?(@.x > 1)].',
  zh: '路径为 JSONPath：$.a.b、[n]、[*]、..、[a:b] 以及过滤器 [?(@.x > 1)]。',
}

export const jsonFunctions: readonly Documented<ScalarFunction>[] = [
  defineScalar({
    name: 'json_path_exists',
    arity: [2, 2],
    doc: {
      signature: sig('boolean', ['data', 'any'], ['path', 'string']),
      description: {
        en: `Whether the path finds anything in data (a map or an array); false when data is null. ${JSON_PATH_NOTE.en}`,
        zh: `路径能否在 data（map 或数组）中找到值；data 为 null 时为 false。${JSON_PATH_NOTE.zh}`,
      },
      example: onReading('json_path_exists(reading, "$.sensors[1].temp")', 'true'),
    },
    validate: validateJson('json_path_exists'),
    exec: ([data, path]) => {
      if (isNil(data)) return false
      checkInput('json_path_exists', data)
      let result: Value
      try {
        result = evalJsonPath(data, toGoString(path))
      } catch {
        return false
      }
      return isArray(result) ? result.length > 0 : !isNil(result)
    },
  }),
  defineScalar({
    name: 'json_path_query',
    arity: [2, 2],
    doc: {
      signature: sig('any', ['data', 'any'], ['path', 'string']),
      description: {
        en:
          'The value the path selects in data, or the array of values when the path can select several ' +
          `(*, .., slices, filters); null when data is null. ${JSON_PATH_NOTE.en}`,
        zh: `路径在 data 中选中的值；路径可能选中多个值时（*、..、切片、过滤器）返回数组；data 为 null 时为 null。${JSON_PATH_NOTE.zh}`,
      },
      example: onReading('json_path_query(reading, "$.sensors[*].temp")', '[21, 23.5]'),
    },
    validate: validateJson('json_path_query'),
    exec: ([data, path]) => (isNil(data) ? null : query('json_path_query', data, path)),
  }),
  defineScalar({
    name: 'json_path_query_first',
    arity: [2, 2],
    doc: {
      signature: sig('any', ['data', 'any'], ['path', 'string']),
      description: {
        en: 'The first of the values the path selects; the path must select an array. ' + JSON_PATH_NOTE.en,
        zh: `路径选中的第一个值；路径的结果必须是数组。${JSON_PATH_NOTE.zh}`,
      },
      example: onReading('json_path_query_first(reading, "$.sensors[*].temp")', '21'),
    },
    validate: validateJson('json_path_query_first'),
    exec: ([data, path]) => {
      if (isNil(data)) return null
      const result = query('json_path_query_first', data, path)
      if (!isArray(result)) {
        return fail(`json_path_query_first function error: query result (${goV(result)}) is not an array`)
      }
      return result[0] ?? null
    },
  }),
]
