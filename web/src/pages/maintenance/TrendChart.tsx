// The equipment page's trend chart: the Twin page's chart component
// (TwinChart), with the line series registered too. Loaded lazily from
// EquipmentPage: ECharts is a bundle of its own.
import { LineChart } from 'echarts/charts';
import * as echarts from 'echarts/core';

echarts.use([LineChart]);

export { default } from '../twin/TwinChart';
