import _ from 'lodash';
import moment from 'moment';

export const stamp = (value: object): string => `${moment().toISOString()} ${_.keys(value).join(',')}`;
