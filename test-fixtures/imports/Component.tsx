// Each `expect:` comment states the third-party import found on the next line (or `none`).
// expect: react import
import React from 'react';
// expect: @mui/material import
import { Button } from '@mui/material/Button';

export const Component = (): JSX.Element => <Button>{React.version}</Button>;
