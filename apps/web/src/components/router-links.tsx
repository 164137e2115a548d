import { Anchor, type AnchorProps, Button, type ButtonProps, NavLink, type NavLinkProps } from "@mantine/core";
import { createLink, type LinkComponent } from "@tanstack/react-router";
import { forwardRef } from "react";

/** Mantine components that navigate with the typed router (real <a href>, so keyboard and middle-click work). */
const AnchorBase = forwardRef<HTMLAnchorElement, Omit<AnchorProps, "href"> & React.ComponentPropsWithoutRef<"a">>((props, ref) => (
  <Anchor ref={ref} {...props} />
));
const CreatedAnchor = createLink(AnchorBase);
export const AnchorLink: LinkComponent<typeof AnchorBase> = (props) => <CreatedAnchor preload="intent" {...props} />;

const ButtonBase = forwardRef<HTMLAnchorElement, Omit<ButtonProps, "href"> & React.ComponentPropsWithoutRef<"a">>((props, ref) => (
  <Button ref={ref} component="a" {...props} />
));
const CreatedButton = createLink(ButtonBase);
export const ButtonLink: LinkComponent<typeof ButtonBase> = (props) => <CreatedButton preload="intent" {...props} />;

const NavLinkBase = forwardRef<HTMLAnchorElement, Omit<NavLinkProps, "href"> & Omit<React.ComponentPropsWithoutRef<"a">, "children">>((props, ref) => (
  <NavLink ref={ref} component="a" className="nav-link" {...props} />
));
const CreatedNavLink = createLink(NavLinkBase);
export const NavLinkItem: LinkComponent<typeof NavLinkBase> = (props) => <CreatedNavLink preload="intent" {...props} />;
