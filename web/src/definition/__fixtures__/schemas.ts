import type { Schema } from '../schema';

export const contactsSchema: Schema = {
  subject: 'contacts',
  fields: [
    { name: 'country', label: 'Country', type: 'text', operators: ['equals', 'notEquals', 'contains', 'notContains', 'startsWith', 'endsWith', 'in', 'notIn', 'isSet', 'isNotSet'] },
    { name: 'email', label: 'Email', type: 'text', operators: ['equals', 'notEquals', 'contains', 'notContains', 'startsWith', 'endsWith', 'in', 'notIn', 'isSet', 'isNotSet'] },
    { name: 'lifecycleStage', label: 'Lifecycle stage', type: 'enum', operators: ['in', 'notIn', 'isSet', 'isNotSet'], options: ['subscriber', 'lead', 'mql', 'sql', 'opportunity', 'customer', 'evangelist', 'other'] },
    { name: 'score', label: 'Score', type: 'number', operators: ['equals', 'notEquals', 'gt', 'gte', 'lt', 'lte', 'between', 'isSet', 'isNotSet'] },
    { name: 'createdAt', label: 'Created', type: 'timestamp', operators: ['before', 'after', 'on', 'between', 'withinLastDays', 'moreThanDaysAgo', 'isSet', 'isNotSet'] },
    { name: 'vip', label: 'VIP', type: 'boolean', operators: ['equals', 'isSet', 'isNotSet'] },
    { name: 'company.industry', label: 'Company industry', type: 'text', operators: ['equals', 'notEquals', 'contains', 'notContains', 'startsWith', 'endsWith', 'in', 'notIn', 'isSet', 'isNotSet'] },
    { name: 'company.employeeCount', label: 'Company employees', type: 'number', operators: ['equals', 'notEquals', 'gt', 'gte', 'lt', 'lte', 'between', 'isSet', 'isNotSet'] },
  ],
  forms: [{ id: 'demo-request', name: 'Demo request' }, { id: 'newsletter', name: 'Newsletter' }],
  consentChannels: ['email', 'sms'],
  consentStatuses: ['granted', 'denied', 'unknown'],
  recency: { of: ['activity', 'pageView', 'formSubmit', 'created'], operators: ['withinLastDays', 'moreThanDaysAgo', 'never'] },
};

export const companiesSchema: Schema = {
  subject: 'companies',
  fields: [
    { name: 'name', label: 'Name', type: 'text', operators: ['equals', 'notEquals', 'contains', 'notContains', 'startsWith', 'endsWith', 'in', 'notIn', 'isSet', 'isNotSet'] },
    { name: 'industry', label: 'Industry', type: 'text', operators: ['equals', 'notEquals', 'contains', 'notContains', 'startsWith', 'endsWith', 'in', 'notIn', 'isSet', 'isNotSet'] },
    { name: 'employeeCount', label: 'Employees', type: 'number', operators: ['equals', 'notEquals', 'gt', 'gte', 'lt', 'lte', 'between', 'isSet', 'isNotSet'] },
    { name: 'country', label: 'Country', type: 'text', operators: ['equals', 'notEquals', 'contains', 'notContains', 'startsWith', 'endsWith', 'in', 'notIn', 'isSet', 'isNotSet'] },
    { name: 'createdAt', label: 'Created', type: 'timestamp', operators: ['before', 'after', 'on', 'between', 'withinLastDays', 'moreThanDaysAgo', 'isSet', 'isNotSet'] },
  ],
  forms: [],
  consentChannels: [],
  consentStatuses: [],
  recency: { of: ['created'], operators: ['withinLastDays', 'moreThanDaysAgo', 'never'] },
};
