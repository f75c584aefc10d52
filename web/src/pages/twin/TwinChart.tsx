// The Twin page's charts drawn with ECharts. Loaded lazily (React.lazy in
// Comparison), as the schedule's Gantt chart is: ECharts is a bundle of its
// own. The options are built in charts.ts; canvas pixels are not readable, so
// the page gives the same numbers in tables beside each chart.
import type { EChartsOption } from 'echarts';
import { BarChart, CustomChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  BarChart,
  CustomChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export interface TwinChartProps {
  option: EChartsOption;
  /** What the chart shows, in words, for those who cannot see it. */
  label: string;
  height: number;
  testId: string;
}

/** One chart: drawn on mount, redrawn whole when its option changes, resized with its box. */
export default function TwinChart({ option, label, height, testId }: TwinChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const instance = useRef<echarts.ECharts | undefined>(undefined);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const drawn = echarts.init(element, undefined, { renderer: 'canvas' });
    instance.current = drawn;
    const observer = new ResizeObserver(() => drawn.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      drawn.dispose();
      instance.current = undefined;
    };
  }, []);

  useEffect(() => {
    instance.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={container}
      className="twin-chart"
      style={{ height: `${height}px` }}
      role="img"
      aria-label={label}
      data-testid={testId}
    />
  );
}
