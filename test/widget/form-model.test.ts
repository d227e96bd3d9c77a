/** The contact form's model in Node: validation, the request body it sends, the API's refusals mapped back, prefill. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyFields, errorsFromApi, prefillFields, requestBody, validate } from '../../widget/src/panel/contact/form-model.ts';
import type { TicketType } from '../../widget/src/panel/api-client.ts';
import type { DraftFields } from '../../widget/src/panel/storage.ts';

const words = { required: 'Required', invalidEmail: 'Not an email address' };

const bug: TicketType = {
  id: 'bug',
  name: 'Bug',
  description: 'Something is broken',
  prompt: 'What happens?',
  resolutionTarget: true,
  billable: false,
  fields: [
    { name: 'steps', label: 'Steps', kind: 'textarea', required: true },
    { name: 'url', label: 'Page', kind: 'url', required: false },
    { name: 'consent', label: 'You may log in', kind: 'checkbox', required: true },
  ],
};

function filled(over: Partial<DraftFields> = {}): DraftFields {
  return {
    ...emptyFields(),
    type: 'query',
    severity: 'S3',
    subject: '  CSV upload fails  ',
    description: ' It says "bad header". ',
    name: ' Ada ',
    email: ' ada@example.com ',
    ...over,
  };
}

test('an empty form: every required field is named, nothing else', () => {
  assert.deepEqual(validate(emptyFields(), undefined, words), {
    type: 'Required',
    severity: 'Required',
    subject: 'Required',
    description: 'Required',
    name: 'Required',
    email: 'Required',
  });
});

test('blank texts are missing; a malformed email is refused as such', () => {
  const errors = validate(filled({ subject: '   ', email: 'ada@example' }), undefined, words);
  assert.deepEqual(errors, { subject: 'Required', email: 'Not an email address' });
});

test('a complete form has no errors', () => {
  assert.deepEqual(validate(filled(), undefined, words), {});
});

test('phone contact needs a number and a time; email contact does not', () => {
  assert.deepEqual(validate(filled({ channel: 'phone' }), undefined, words), { phoneNumber: 'Required', phoneTime: 'Required' });
  assert.deepEqual(validate(filled({ channel: 'phone', phoneNumber: '+44 20 7946 0000', phoneTime: 'mornings' }), undefined, words), {});
});

test("a ticket type's own required fields: texts must not be blank, a checkbox must be ticked", () => {
  assert.deepEqual(validate(filled({ type: 'bug', fields: { steps: '  ', consent: false } }), bug, words), {
    'fields.steps': 'Required',
    'fields.consent': 'Required',
  });
  assert.deepEqual(validate(filled({ type: 'bug', fields: { steps: 'Open the page', consent: true } }), bug, words), {});
});

const page = { url: 'https://lms.example/admin/tool/uploaduser/', title: 'Upload users' };
const journey = { searches: ['csv'], articlesRead: ['bulk-upload-users'] };

test('the request body: trimmed texts, the requester, the page, the journey', () => {
  const body = requestBody(filled(), undefined, { site: 'demo', userHash: '' }, page, journey, 'TestAgent/1');
  assert.deepEqual(body, {
    site: 'demo',
    type: 'query',
    severity: 'S3',
    subject: 'CSV upload fails',
    description: 'It says "bad header".',
    requester: { name: 'Ada', email: 'ada@example.com' },
    channel: 'email',
    context: { url: page.url, title: page.title, userAgent: 'TestAgent/1' },
    journey: { searches: ['csv'], articlesRead: ['bulk-upload-users'] },
    fields: {},
  });
});

test("the host's identity hash and a phone callback go in only when there are some", () => {
  const body = requestBody(
    filled({ channel: 'phone', phoneNumber: ' 0123 ', phoneTime: ' 9-11 ' }),
    undefined,
    { site: 'demo', userHash: 'abc123' },
    page,
    journey,
    'x',
  );
  assert.deepEqual(body.requester, { name: 'Ada', email: 'ada@example.com', hash: 'abc123' });
  assert.deepEqual(body.phone, { number: '0123', preferredTime: '9-11' });
  assert.equal('phone' in requestBody(filled(), undefined, { site: 'demo', userHash: '' }, page, journey, 'x'), false);
});

test("only the ticket type's own fields are sent: filled ones, trimmed, checkboxes as booleans", () => {
  const fields = { steps: ' Open it ', url: '', consent: true, stray: 'not a field of this type' };
  const body = requestBody(filled({ type: 'bug', fields }), bug, { site: 'demo', userHash: '' }, page, journey, 'x');
  assert.deepEqual(body.fields, { steps: 'Open it', consent: true });
});

test('the journey sent is the last 20 searches and articles', () => {
  const long = { searches: Array.from({ length: 25 }, (_, i) => `q${i}`), articlesRead: Array.from({ length: 22 }, (_, i) => `a${i}`) };
  const sent = requestBody(filled(), undefined, { site: 'demo', userHash: '' }, page, long, 'x').journey as typeof long;
  assert.equal(sent.searches.length, 20);
  assert.equal(sent.searches[0], 'q5');
  assert.equal(sent.articlesRead[19], 'a21');
  assert.equal(long.searches.length, 25, 'the journey itself is left as it is');
});

test("the API's refused fields land on the form's own keys", () => {
  assert.deepEqual(
    errorsFromApi({
      'requester.email': 'not deliverable',
      'phone.number': 'too short',
      'phone.preferredTime': 'required',
      'fields.steps': 'required',
      subject: 'too long',
    }),
    { email: 'not deliverable', phoneNumber: 'too short', phoneTime: 'required', 'fields.steps': 'required', subject: 'too long' },
  );
  assert.deepEqual(errorsFromApi(undefined), {});
});

test('a prefill sets what it names, as strings, the subject cut to 200 characters', () => {
  const fields = filled();
  prefillFields(fields, { subject: 'x'.repeat(250), severity: 'S1', name: undefined });
  assert.equal(fields.subject.length, 200);
  assert.equal(fields.severity, 'S1');
  assert.equal(fields.name, ' Ada ', 'an absent key leaves the field alone');
  prefillFields(fields, { description: 42 as unknown as string });
  assert.equal(fields.description, '42');
});

test('each empty form is a fresh object', () => {
  const a = emptyFields();
  a.fields.x = 'y';
  assert.deepEqual(emptyFields().fields, {});
  assert.equal(emptyFields().channel, 'email');
});
