/** Entry point: the theme and the app shell. Views and ECharts load on demand. */
import './theme.css';
import './components/ns-app.ts';
