/// <reference types="vite/client" />
declare module 'cytoscape-svg' {
  const ext: cytoscape.Ext;
  export default ext;
}
