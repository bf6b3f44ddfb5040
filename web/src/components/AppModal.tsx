import { Modal, type ModalRootProps } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * Mantine's Modal with a labelled close button and its header rendered as a `div`
 * (a second `<header>` on the page would be a second banner landmark).
 */
export function AppModal({ title, children, ...props }: Omit<ModalRootProps, 'title'> & { title: ReactNode; children: ReactNode }) {
  return (
    <Modal.Root {...props}>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header {...({ component: 'div' } as object)}>
          <Modal.Title fw={700}>{title}</Modal.Title>
          <Modal.CloseButton aria-label="Close" />
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
