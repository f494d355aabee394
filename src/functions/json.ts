// JSON path functions (1.0's jsonCall): json_path_exists, json_path_query, json_path_query_first over a map or
// array argument, with PaesslerAG/jsonpath semantics (jsonpath.ts). A nil argument gives nil / false (1.0 panicked).

import { errorMessage } from '../core/errors.js'
import { isArray, isMap, isNil, type Value } from '../core/value.js'
import { defineScalar, type ScalarFunction } from './define-function.js'
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

export const jsonFunctions: readonly ScalarFunction[] = [
  defineScalar({
    name: 'json_path_exists',
    arity: [2, 2],
    description: 'Whether the JSON path finds anything in the map or array.',
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
    description: 'The value (or array of values) the JSON path selects.',
    validate: validateJson('json_path_query'),
    exec: ([data, path]) => (isNil(data) ? null : query('json_path_query', data, path)),
  }),
  defineScalar({
    name: 'json_path_query_first',
    arity: [2, 2],
    description: 'The first value of the array the JSON path selects.',
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
