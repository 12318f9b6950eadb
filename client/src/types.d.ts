declare module 'cytoscape-svg' {
  const ext: cytoscape.Ext;
  export default ext;
}
