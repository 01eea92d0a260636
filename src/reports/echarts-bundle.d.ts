/** ECharts' one-file ES module build: the same API as the package's entry (types from there). */
declare module 'echarts/dist/echarts.esm.min' {
  export * from 'echarts'
}
