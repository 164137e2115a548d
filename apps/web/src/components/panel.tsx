import { Group, type MantineSpacing, Paper, type PaperProps, Stack, Text, Title, type TitleOrder, type TitleSize } from "@mantine/core";
import { createContext, type ReactNode, useContext, useId } from "react";

/** The level of the heading a panel sits under: the page's h1 unless a panel holds it. */
const HeadingLevel = createContext<number>(1);

type PanelProps = Omit<PaperProps, "title"> & {
  title: ReactNode;
  /** A line under the title, in dimmed text. */
  description?: ReactNode;
  /** Buttons or a badge on the title's line, at its right (they wrap under it on a narrow screen). */
  actions?: ReactNode;
  /** Heading level; by default one below the enclosing panel's (h2 on a page). */
  order?: TitleOrder;
  size?: TitleSize;
  /** Space between the title and the content. */
  gap?: MantineSpacing | number;
  /** The heading's id, when something else on the page points at it (a table's aria-labelledby). */
  headingId?: string;
  component?: "section" | "article";
  /** Names the region otherwise than its heading (the heading carries a status that changes). */
  "aria-label"?: string;
  children?: ReactNode;
};

/**
 * A white bordered section with its heading: the region is named by the heading
 * (aria-labelledby), so assistive technologies list it under that name, and panels nested in
 * a panel take the next heading level.
 */
export function Panel({
  title,
  description,
  actions,
  order,
  size = "h4",
  gap = "sm",
  headingId,
  component = "section",
  "aria-label": ariaLabel,
  children,
  ...paper
}: PanelProps) {
  const generatedId = useId();
  const enclosing = useContext(HeadingLevel);
  const id = headingId ?? generatedId;
  const level = order ?? (Math.min(enclosing + 1, 6) as TitleOrder);
  const heading = (
    <Title order={level} size={size} id={id} mb={actions || description ? undefined : gap}>
      {title}
    </Title>
  );
  const titled = description ? (
    <Stack gap={0} mb={actions ? undefined : gap}>
      {heading}
      <Text size="sm" c="dimmed" component="div">
        {description}
      </Text>
    </Stack>
  ) : (
    heading
  );
  return (
    <Paper withBorder p="md" radius="md" bg="white" component={component} aria-labelledby={ariaLabel ? undefined : id} aria-label={ariaLabel} {...paper}>
      {actions ? (
        <Group justify="space-between" align={description ? "flex-start" : "center"} mb={gap}>
          {titled}
          {actions}
        </Group>
      ) : (
        titled
      )}
      <HeadingLevel.Provider value={level}>{children}</HeadingLevel.Provider>
    </Paper>
  );
}
