export { reportsRouter } from './reportsRouter';
