import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  DEFAULT_LAYOUT,
  convertFormat,
  formatLayout,
  formatTime,
  parseLayout,
  parseTime,
} from '../../../src/core/time-format.js'

const t1 = new Date(1568854515123) // 2019-09-19T00:55:15.123Z, a Thursday
const t2 = new Date(1262322245007) // 2010-01-01T05:04:05.007Z, a Friday

const errorOf = (f: () => unknown): string | undefined => {
  try {
    f()
    return undefined
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}

describe('convertFormat (1.0 common/time_util.go)', () => {
  const rows: [string, string][] = [
    ['yyyy-MM-dd T HH:mm:ss', '2006-01-02 T 15:04:05'],
    ['YYYY/yy M MM MMM MMMM', '2006/06 1 01 Jan January'],
    ['d dd EEE EEEE G a', '2 02 Mon Monday AD PM'],
    ['h hh m mm s ss', '3 03 4 04 5 05'],
    ['S SS SSS', '.0 .00 .000'],
    ['z Z X XX XXX', 'MST -0700 -07 -0700 -07:00'],
    ["'T'HH 'o''clock' ''", "T15 oclock '"],
    ['yyyy-MM-dd HH:mm:ss.SSSXXX', '2006-01-02 15:04:05..000-07:00'],
    ['ddd MMMMM', ' '],
  ]
  for (const [pattern, layout] of rows) {
    it(`converts ${JSON.stringify(pattern)}`, () => assert.equal(convertFormat(pattern), layout))
  }

  it('rejects Y, E and H counts that 1.0 rejects', () => {
    assert.equal(
      errorOf(() => convertFormat('yyy')),
      'invalid time format yyy for Y/y',
    )
    assert.equal(
      errorOf(() => convertFormat('YYYYY')),
      'invalid time format YYYYY for Y/y',
    )
    assert.equal(
      errorOf(() => convertFormat('E')),
      'invalid time format E for E',
    )
    assert.equal(
      errorOf(() => convertFormat('H:mm')),
      'invalid time format H:mm of H, only HH is supported',
    )
  })
})

describe("Go's time.Format in UTC", () => {
  // Printed by Go for the same instants and layouts.
  const rows: [string, string, string][] = [
    [DEFAULT_LAYOUT, '2019-09-19T00:55:15.123Z', '2010-01-01T05:04:05.007Z'],
    ['06/1/2 3:4:5 PM', '19/9/19 12:55:15 AM', '10/1/1 5:4:5 AM'],
    ['Monday January _2 2006 002 __2', 'Thursday September 19 2019 262 262', 'Friday January  1 2010 001   1'],
    [
      'Mon Jan 02 15:04:05 MST -0700 -07 -07:00:00 Z07',
      'Thu Sep 19 00:55:15 UTC +0000 +00 +00:00:00 Z',
      'Fri Jan 01 05:04:05 UTC +0000 +00 +00:00:00 Z',
    ],
    ['2006-01-02 15:04:05.999', '2019-09-19 00:55:15.123', '2010-01-01 05:04:05.007'],
    ['15:04:05.9', '00:55:15.1', '05:04:05'],
    ['1 2 3 4 5', '9 19 12 55 15', '1 1 5 4 5'],
  ]
  for (const [layout, a, b] of rows) {
    it(`formats ${JSON.stringify(layout)}`, () => {
      assert.equal(formatLayout(t1, layout), a)
      assert.equal(formatLayout(t2, layout), b)
    })
  }

  it('formats with a Java-style pattern (str_func_test.go format_time)', () => {
    assert.equal(formatTime(new Date(1568854515000), 'yyyy-MM-dd T HH:mm:ss'), '2019-09-19 T 00:55:15')
    assert.equal(formatTime(t1), '2019-09-19T00:55:15.123Z')
  })
})

describe("Go's time.Parse", () => {
  const ok: [string, string, number][] = [
    ['2006-01-02 15:04:05', '2019-09-19 00:55:15.123456', 1568854515123],
    ['2006-01-02 15:04:05.999', '2019-09-19 00:55:15', 1568854515000],
    ['Jan 2 2006', 'sep 19 2019', 1568851200000],
    ['Jan _2 2006', 'Sep  9 2019', 1567987200000],
    ['06-1-2', '69-1-2', -31449600000],
    ['06-1-2', '68-1-2', 3092688000000],
    ['2006-01-02 3:04PM', '2019-09-19 12:30AM', 1568853000000],
    ['2006-01-02 15:04:05 MST', '2019-09-19 00:55:15 CEST', 1568854515000],
    ['2006-01-02 15:04:05 MST', '2019-09-19 00:55:15 GMT+2', 1568854515000],
    ['2006-01-02T15:04:05-0700', '2019-09-19T00:55:15+0130', 1568849115000],
    ['2006-01-02T15:04:05Z07:00', '2019-09-19T00:55:15+01:30', 1568849115000],
    ['2006-01-02T15:04:05Z07:00', '2019-09-19T00:55:15Z', 1568854515000],
    ['2006 002', '2020 060', 1582934400000],
    [DEFAULT_LAYOUT, '2019-09-19T00:55:15.123+08:00', 1568825715123],
  ]
  for (const [layout, value, ms] of ok) {
    it(`parses ${JSON.stringify(value)} as ${JSON.stringify(layout)}`, () => {
      assert.equal(parseLayout(value, layout).getTime(), ms)
    })
  }

  const bad: [string, string, string][] = [
    // preprocessor_test.go and rule errors of the corpus
    [
      DEFAULT_LAYOUT,
      '2019-09-19T00:55:1dd5Z',
      'parsing time "2019-09-19T00:55:1dd5Z" as "2006-01-02T15:04:05.000Z07:00": cannot parse "1dd5Z" as "05"',
    ],
    [
      '2006-01-02PM15:04:05',
      '2019-09-23AT02:47:29',
      'parsing time "2019-09-23AT02:47:29" as "2006-01-02PM15:04:05": cannot parse "02:47:29" as "PM"',
    ],
    [
      '2006-01-02 15:04:05.000',
      '2019-09-19 00:55:15.12',
      'parsing time "2019-09-19 00:55:15.12" as "2006-01-02 15:04:05.000": cannot parse ".12" as ".000"',
    ],
    ['2006-01-02', '2019-9-19', 'parsing time "2019-9-19" as "2006-01-02": cannot parse "9-19" as "01"'],
    ['2006-01-02', '2019-09-31', 'parsing time "2019-09-31": day out of range'],
    ['2006-01-02 15:04', '2019-09-19 24:00', 'parsing time "2019-09-19 24:00": hour out of range'],
    [
      '2006-01-02T15:04:05-07:00',
      '2019-09-19T00:55:15+0100',
      'parsing time "2019-09-19T00:55:15+0100" as "2006-01-02T15:04:05-07:00": cannot parse "+0100" as "-07:00"',
    ],
    ['2006-01-02', '2019-09-19x', 'parsing time "2019-09-19x": extra text: x'],
    // Go 1.15 reports the value after the element it consumed (later Go versions report it before)
    ['06', 'a1', 'parsing time "a1" as "06": cannot parse "" as "06"'],
  ]
  for (const [layout, value, message] of bad) {
    it(`rejects ${JSON.stringify(value)} as ${JSON.stringify(layout)}`, () => {
      assert.equal(
        errorOf(() => parseLayout(value, layout)),
        message,
      )
    })
  }

  it('parses with a Java-style pattern, the default layout when none is given', () => {
    assert.equal(parseTime('2019-09-19 00:55:15', 'yyyy-MM-dd HH:mm:ss').getTime(), 1568854515000)
    assert.equal(parseTime('2019-09-19T00:55:15.000Z').getTime(), 1568854515000)
    assert.equal(parseTime('2019-09-19T00:55:15.000Z', '').getTime(), 1568854515000)
  })
})
