import { expect } from 'chai';
import { ConflictError, NotFoundError, ValidationError } from '../../src/errors/index.js';
import { describeEachDatabase } from '../support/databases.js';
import {
  MINISTRY,
  openDocumentServices,
  type DocumentServices,
} from '../documents/document-fixtures.js';

describeEachDatabase('organisation service', (database) => {
  let services: DocumentServices;

  before(async function () {
    services = await openDocumentServices(database().url);
    await services.organisations.create(MINISTRY);
  });

  after(async function () {
    await services?.dataSource.destroy();
  });

  it('stores an organisation under its parent', async function () {
    const child = {
      organId: '000.01.00.G22',
      name: 'Vụ Tổ chức cán bộ',
      abbreviation: 'TCCB',
      parentOrganId: MINISTRY.organId,
    };

    await services.organisations.create(child);

    const children = await services.organisations.list(MINISTRY.organId);
    expect(children.map((organisation) => [organisation.organId, organisation.name])).to.deep.equal(
      [[child.organId, child.name]],
    );
    expect((await services.organisations.get(MINISTRY.organId)).abbreviation).to.equal('BNV');
  });

  it('rejects a malformed OrganId', async function () {
    for (const organId of ['000.00.00.G2', '000-00-00-G22', '000.00.00.g22', '']) {
      const error = await services.organisations
        .create({ organId, name: 'Sở Nội vụ', abbreviation: 'SNV' })
        .catch((caught) => caught);
      expect(error, organId).to.be.instanceOf(ValidationError);
      expect(error.details, organId).to.deep.include({ field: 'organId', value: organId });
    }
  });

  it('rejects an abbreviation with a hyphen', async function () {
    const error = await services.organisations
      .create({ organId: '000.00.00.G09', name: 'Bộ Tài chính', abbreviation: 'B-TC' })
      .catch((caught) => caught);

    expect(error).to.be.instanceOf(ValidationError);
    expect(error.details.field).to.equal('abbreviation');
  });

  it('rejects a second organisation with the same OrganId', async function () {
    const error = await services.organisations.create(MINISTRY).catch((caught) => caught);

    expect(error).to.be.instanceOf(ConflictError);
  });

  it('rejects an unknown parent', async function () {
    const error = await services.organisations
      .create({
        organId: '000.02.00.G22',
        name: 'Vụ Pháp chế',
        abbreviation: 'PC',
        parentOrganId: '000.00.00.Z99',
      })
      .catch((caught) => caught);

    expect(error).to.be.instanceOf(NotFoundError);
  });
});
