// Go's sort.Sort as Kuiper 1.0 was built with it (Go 1.13-1.15 quickSort): insertion sort after a gap-6 shell pass
// up to 12 elements, median-of-three quicksort with a heapsort fallback above. Not stable, exactly as in Go, so that
// ORDER BY ties come out in 1.0's order.

/** Go's sort.Interface. */
export interface SortData {
  readonly length: number
  less(i: number, j: number): boolean
  swap(i: number, j: number): void
}

export function goSort(data: SortData): void {
  const n = data.length
  let depth = 0
  for (let i = n; i > 0; i >>= 1) depth++
  quickSort(data, 0, n, depth * 2)
}

function insertionSort(data: SortData, a: number, b: number): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && data.less(j, j - 1); j--) data.swap(j, j - 1)
  }
}

function siftDown(data: SortData, lo: number, hi: number, first: number): void {
  let root = lo
  for (;;) {
    let child = 2 * root + 1
    if (child >= hi) return
    if (child + 1 < hi && data.less(first + child, first + child + 1)) child++
    if (!data.less(first + root, first + child)) return
    data.swap(first + root, first + child)
    root = child
  }
}

function heapSort(data: SortData, a: number, b: number): void {
  const first = a
  const hi = b - a
  for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) siftDown(data, i, hi, first)
  for (let i = hi - 1; i >= 0; i--) {
    data.swap(first, first + i)
    siftDown(data, 0, i, first)
  }
}

function medianOfThree(data: SortData, m1: number, m0: number, m2: number): void {
  if (data.less(m1, m0)) data.swap(m1, m0)
  if (data.less(m2, m1)) {
    data.swap(m2, m1)
    if (data.less(m1, m0)) data.swap(m1, m0)
  }
}

function doPivot(data: SortData, lo: number, hi: number): [number, number] {
  const m = (lo + hi) >>> 1
  if (hi - lo > 40) {
    const s = Math.trunc((hi - lo) / 8)
    medianOfThree(data, lo, lo + s, lo + 2 * s)
    medianOfThree(data, m, m - s, m + s)
    medianOfThree(data, hi - 1, hi - 1 - s, hi - 1 - 2 * s)
  }
  medianOfThree(data, lo, m, hi - 1)

  const pivot = lo
  let a = lo + 1
  let c = hi - 1
  for (; a < c && data.less(a, pivot); a++);
  let b = a
  for (;;) {
    for (; b < c && !data.less(pivot, b); b++);
    for (; b < c && data.less(pivot, c - 1); c--);
    if (b >= c) break
    data.swap(b, c - 1)
    b++
    c--
  }
  let protect = hi - c < 5
  if (!protect && hi - c < Math.trunc((hi - lo) / 4)) {
    let dups = 0
    if (!data.less(pivot, hi - 1)) {
      data.swap(c, hi - 1)
      c++
      dups++
    }
    if (!data.less(b - 1, pivot)) {
      b--
      dups++
    }
    if (!data.less(m, pivot)) {
      data.swap(m, b - 1)
      b--
      dups++
    }
    protect = dups > 1
  }
  if (protect) {
    for (;;) {
      for (; a < b && !data.less(b - 1, pivot); b--);
      for (; a < b && data.less(a, pivot); a++);
      if (a >= b) break
      data.swap(a, b - 1)
      a++
      b--
    }
  }
  data.swap(pivot, b - 1)
  return [b - 1, c]
}

function quickSort(data: SortData, a: number, b: number, maxDepth: number): void {
  while (b - a > 12) {
    if (maxDepth === 0) {
      heapSort(data, a, b)
      return
    }
    maxDepth--
    const [mlo, mhi] = doPivot(data, a, b)
    if (mlo - a < b - mhi) {
      quickSort(data, a, mlo, maxDepth)
      a = mhi
    } else {
      quickSort(data, mhi, b, maxDepth)
      b = mlo
    }
  }
  if (b - a > 1) {
    for (let i = a + 6; i < b; i++) if (data.less(i, i - 6)) data.swap(i, i - 6)
    insertionSort(data, a, b)
  }
}
