// The calibration plots' chart: the Twin page's chart component (TwinChart), with the series
// the fit plots need registered too (the fitted density is a line, the Q-Q points a scatter).
// Loaded lazily from CalibrationPage: ECharts is a bundle of its own.
import { LineChart, ScatterChart } from 'echarts/charts';
import * as echarts from 'echarts/core';

echarts.use([LineChart, ScatterChart]);

export { default } from './TwinChart';
