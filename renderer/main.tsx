/** Renderer entry: mounts the app. */
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './styles.css';
import './polish.css';

createRoot(document.getElementById('root')!).render(<App />);
