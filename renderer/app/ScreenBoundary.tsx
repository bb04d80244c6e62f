import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The screens that fail on their own: the phone, the call in progress, the Admin tab. */
export type Screen = 'phone' | 'call' | 'admin';

/** A way back from a failed screen: a button that does something and shows the screen again. */
export interface WayBack {
  label: string;
  run(): void;
}

interface Props {
  screen: Screen;
  /** A different key shows the screen again (another call, another Admin page). */
  resetKey?: string | number;
  /** Besides "Show it again": what else gets the user going (hang up, back to a list). */
  wayBack?: WayBack;
  children: ReactNode;
}

interface State {
  failed: boolean;
  resetKey?: string | number;
}

/**
 * A render error in one screen shows a sentence and a way back in that screen's place, instead
 * of React unmounting the whole window; the calls live in the SIP adapter, so they go on.
 */
export class ScreenBoundary extends Component<Props, State> {
  override state: State = { failed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError(): Partial<State> {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (props.resetKey === state.resetKey) return null;
    return { failed: false, resetKey: props.resetKey };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`the ${this.props.screen} screen failed`, error, info.componentStack);
  }

  private readonly retry = () => this.setState({ failed: false });

  override render() {
    if (!this.state.failed) return this.props.children;
    const { screen, wayBack } = this.props;
    return (
      <ScreenFailed
        screen={screen}
        retry={this.retry}
        wayBack={
          wayBack && {
            label: wayBack.label,
            run: () => {
              wayBack.run();
              this.retry();
            },
          }
        }
      />
    );
  }
}

function ScreenFailed({
  screen,
  retry,
  wayBack,
}: {
  screen: Screen;
  retry(): void;
  wayBack: WayBack | undefined;
}) {
  const { t } = useTranslation();
  return (
    <section className="screen-failed" role="alert">
      <p className="strong">{t(`failed.${screen}`)}</p>
      <div className="actions">
        {wayBack && (
          <button type="button" className="primary" onClick={wayBack.run}>
            {wayBack.label}
          </button>
        )}
        <button type="button" onClick={retry}>
          {t('failed.retry')}
        </button>
      </div>
    </section>
  );
}
