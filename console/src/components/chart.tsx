// A time-series chart (uPlot): x is seconds since the epoch, one line per series. The data is re-set on every
// render; the chart is made once. A table of the latest values sits beside it for screen readers.

import uPlot from 'uplot'
import { useEffect, useRef } from 'preact/hooks'

const COLOURS = ['#1f6feb', '#d9480f', '#2f9e44', '#9c36b5']

export function TimeChart(props: {
  title: string
  series: readonly string[]
  /** [times, ...one array per series]. */
  data: readonly (readonly number[])[]
  width?: number
}) {
  const host = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | undefined>(undefined)
  useEffect(() => {
    const p = new uPlot(
      {
        width: props.width ?? 440,
        height: 180,
        series: [{}, ...props.series.map((label, i) => ({ label, stroke: COLOURS[i % COLOURS.length]!, width: 2 }))],
        axes: [{}, { size: 50 }],
        legend: { show: true },
      },
      props.data as uPlot.AlignedData,
      host.current!,
    )
    plot.current = p
    return () => p.destroy()
  }, [props.series.join('\n')])
  useEffect(() => {
    plot.current?.setData(props.data as uPlot.AlignedData)
  })
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={host} aria-hidden="true" />
    </figure>
  )
}
