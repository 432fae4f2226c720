// A titled card: the panel every screen groups its forms and results in.
import type { HTMLAttributes, ReactNode } from 'react';

type CardProps = { title: ReactNode } & Omit<HTMLAttributes<HTMLElement>, 'title'>;

export function Card({ title, children, ...rest }: CardProps) {
  return (
    <section className="card" {...rest}>
      <h2 className="card-title">{title}</h2>
      {children}
    </section>
  );
}
