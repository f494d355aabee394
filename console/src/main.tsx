// The console's entry: styles, the page language, and the app.

import 'uplot/dist/uPlot.min.css'
import './styles.css'
import { render } from 'preact'
import { App } from './app.js'
import { markDocumentLanguage } from './i18n.js'

markDocumentLanguage()
render(<App />, document.getElementById('app')!)
