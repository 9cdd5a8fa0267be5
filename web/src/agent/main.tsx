// Placeholder while the agent screen is built.
import { render } from 'preact';
render(<p>agent</p>, document.getElementById('app')!);
