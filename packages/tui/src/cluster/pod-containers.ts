/** Pod container parsing lives in core (one list of failing reasons for every surface). */
export {
  defaultLogTarget,
  type LogTarget,
  type PodContainer,
  podContainers,
  podRestarts,
} from '@strata/core';
