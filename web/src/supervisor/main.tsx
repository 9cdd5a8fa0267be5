// Placeholder while the supervisor screen is built.
import { render } from 'preact';
render(<p>supervisor</p>, document.getElementById('app')!);
