// Placeholder while the widget is built.
import { render } from 'preact';
const host = document.createElement('div');
document.body.append(host);
render(<p>widget</p>, host);
