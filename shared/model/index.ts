/** The response model's public surface (issue 4); see docs/response-model.md. */
export * from './auc';
export * from './calibration-set';
export * from './correlation';
export * from './distributions';
export * from './estimable';
export * from './gating';
export * from './loo';
export * from './notice';
export * from './ols';
export * from './percentile';
export * from './prediction';
export * from './published-study';
export * from './response-model';
export * from './skill-gate';
export * from './temporal';
export * from './model-input';
